"""Words that set each kind of sanction of 行政处罚法 art. 9, with their statute-specific forms, and the orders
(责令改正, 责令停止建设, 限期拆除) that come with them.

:data:`KIND_PATTERNS` lists, per kind, a pattern and a word the pattern needs (a cheap ``in`` test before the
regex); ingest.penalties decides, clause by clause, which matches set a sanction.  Split out of
ingest/penalties.py (STYLE.md §7).

>>> [k.value for k, p, _ in KIND_PATTERNS if p.search("情节严重的，限制、暂停其证券经营业务")]
['限制开展生产经营活动', '责令停产停业']
"""

from __future__ import annotations

import re

from kg.model import SanctionKind

__all__ = ["KIND_PATTERNS", "OBTAINED", "REFERRED", "REVOKE_OTHER"]

# (吊销该医疗机构的人体器官移植诊疗科目, 人体器官捐献和移植条例 art. 38: a registered item of the practice licence)
_LICENCE_OBJ = (r"[^，。；：,;\n]{0,25}?(?:许可证件|许可证|执照|证书|证照|证件|驾驶证|行驶证|资格证|登记证|适任证书|准许证|诊疗科目"
                r"|许可|资格|资质(?:认定书)?(?!证|等级)|证)")
# 暂扣其交纳的保证金 (取保候审) holds no licence
_SUSPEND = re.compile(rf"(?<![被已])(?:暂扣|吊扣)(?!期|情况|决定)(?P<obj>{_LICENCE_OBJ})(?![的之金])")
# 暂停…资格 / 暂停…业务许可 (tuning conventions: 暂扣许可证件), 暂停或者取消涉外统计调查资格 (统计法实施条例 art. 54); not
# 暂停受理…许可申请 nor 暂停新增运力许可 (国内水路运输管理条例 art. 10, a market measure)
_SUSPEND_OTHER = re.compile(r"(?<![被已])暂停(?:其)?(?:(?:或者|、)(?:取消|吊销|撤销)(?:其)?)?(?!受理|办理|审批|审核|新增)"
                            r"[^，。；：,;\n、]{0,15}?(?:资格|许可)(?![证的之]|申请|证明)")
# (吊销期货业务许可证, 期货交易管理条例 art. 66: 期 of 期货 is the licence, not 吊销期间 / 吊销期限)
# (not 吊销许可 of 对吊销许可证的决定应当立即执行 (核材料管制条例 art. 20): a decision referred to)
_REVOKE = re.compile(rf"(?<![被已])吊销(?!期(?!货)|情况|决定)(?P<obj>{_LICENCE_OBJ})(?!之日|的(?!(?:行政)?处罚(?!决定))|金|证的决定)")
# statute-specific forms of revocation (art. 9 (三) 吊销许可证件): 撤销其检验资格, 取消登记, 撤销登记
REVOKE_OTHER = re.compile(
    # 取消其直接负责的董事、高级管理人员一定期限直至终身的任职资格 (商业银行法 art. 89)
    r"(?<![被已])取消(?:其)?[^，。；：,;\n]{0,40}?任职资格|(?<![被已])(?:撤销|取消)(?:其)?(?!监护)[^，。；：,;\n]{0,15}?(?<!监护)资格(?![证的之])|取消(?:其)?[^，。；：,;\n]{0,10}?资格证(?:书)?(?![的之])|取消登记|予以撤销登记"
    # 撤销 a licence, a registration or a qualification as a sanction (…机构撤销该食品检验机构的检验资质, 食品安全法 art. 138;
    # …骗取…许可的，撤销相关许可, 药品管理法 art. 123):
    # 直至撤销注册 (海关法 art. 87), 并处撤销相关业务许可 (证券法 art. 211),
    # 由综合行政执法部门撤销登记 (湖州市养犬管理规定 art. 9); not 自撤销许可之日起, 已撤销登记的品种, 撤销…登记的决定
    # the licence named before: 伪造…许可证明文件的，由发证机关收缴或者予以吊销 (农药管理条例 art. 62)
    r"|(?<=予以|或者)吊销(?=[，。；,;])"
    # 情节严重的，撤销批准文件 (认证认可条例 art. 57), 由广告审查机关撤销广告审查批准文件 (广告法 art. 55), 依法撤销登记
    # (河南省优化营商环境条例 art. 87)
    # 未在限期内改正的，可以撤销其批准证书 (国际货物运输代理业管理规定 art. 23)
    r"|(?<=直至|并处|或者|予以|部门|机关|机构|的，|依法|可以)撤销(?:其)?[^，。；：,;\n]{0,10}?(?:许可|登记|注册|资质|批准文件|批准证书)"
    r"(?!证明|的|之|决定|申请|手续)"
    # the approval named in the condition: 以欺骗、贿赂等不正当手段取得广告审查批准的，广告审查机关予以撤销 (广告法 art. 64);
    # ingest.penalties keeps it only after such a condition (OBTAINED), not 对不适当的决定予以撤销
    r"|(?<=予以)撤销(?=[，。；,;]|$)"  # (at a clause's end: $)
)
# a licence, approval or qualification obtained, named in the condition of a bare 予以撤销
OBTAINED = re.compile("(?:取得|骗取|获得)[^，。；]{0,20}?(?:批准|许可|登记|注册|资格|资质|证书|证)[^，。；]{0,6}?的[，,]")
# an institution founded unlawfully, named in the condition of a bare 予以撤销 (it is closed: 责令关闭)
FOUNDED = re.compile("(?:举办|设立|开办)[^，。；]{0,20}?(?:学校|教育机构|培训机构)[^，。；]{0,6}?的[，,]")
# 通报有关主管部门吊销…: another body decides under its own law
# 依法采取吊销相关证照等市场退出措施: a policy naming measures, no sanction set for a conduct
# (not 提请县级以上人民政府决定由有关主管部门吊销其采矿许可证 (河南省实施《矿山安全法》办法 art. 44): a government decides
# the revocation this article sets, as 提请有权限的人民政府)
# (not 采取…措施或者吊销其取水许可证 (节约用水条例 art. 48): a measure taken, then a revocation of its own)
REFERRED = re.compile("通报|建议|移送|告知|提请(?!有权|[^，。；]{0,12}?人民政府(?:依法)?决定)|采取(?![^，。；]{0,12}?措施(?:或者|、))")
_LOWER = re.compile(r"降低(?:其)?[^，。；：]{0,10}?资质等级")
# art. 9 (四) 限制开展生产经营活动, with its statute-specific forms: 责令改正或者限制生产、停产整治 (大气污染防治法
# art. 99; not 责令有关企业停产或者限产 among a government's emergency measures, nor 禁止或者限制生产…的材料),
# 三年内不得参加物业管理招标投标活动 (a business barred from an activity for a term)
_RESTRICT_ACTIVITY = re.compile(
    r"限制开展生产经营活动|限制(?:其)?(?:业务范围|业务活动|经营范围)|责令(?:其)?停止接受新业务|(?:责令(?:其)?|改正或者(?:责令)?)(?:采取)?限制生产"
    r"|[一二三四五六七八九十\d]+年内(?:不得|禁止(?:其)?|暂停)(?:参加|参与|承接|承揽|开展)[^，。；：,;\n]{0,20}?(?:活动|项目|业务|投标|工程|试验)"
    # 禁止其一年至二年内代理依法必须进行招标的项目 (招标投标法 art. 50)
    r"|禁止(?:其)?[一二三四五六七八九十\d]+年至[一二三四五六七八九十\d]+年内(?:代理|参加|参与|承接|承揽|开展)[^，。；：,;\n]{0,20}?(?:活动|项目|业务|投标|工程)"
    # 禁止一定期限内承担或者参与财政性资金支持的科学技术活动 (科学技术进步法 art. 110), 禁止其在一定期限内参加依法必须进行
    # 招标的项目的投标 (重庆市招标投标条例 art. 52)
    r"|禁止(?:其)?在?一定期限内(?:承担|参加|参与|承接|承揽|开展)[^，。；：,;\n]{0,30}?(?:活动|项目|业务|投标|工程)"
    # 责令停止新增业务、缩减业务类型或者业务范围 (反电信网络诈骗法 art. 40); 5年内禁止其开展相关专业医疗器械临床试验
    # (医疗器械监督管理条例 art. 94)
    r"|责令(?:其)?停止新增业务|缩减业务(?:类型|范围)"
    # 十年内禁止其药品进口 (药品管理法 art. 136), 10年内禁止其医疗器械进口 (医疗器械监督管理条例 art. 98), …化妆品进口
    r"|[一二三四五六七八九十\d]+年内禁止其[^，。；：,;\n]{1,8}?进口"
    # 限制部分支付业务 (非银行支付机构监督管理条例 art. 50); 取消其一年至三年内参加依法必须进行招标的项目的投标资格 (招标投标法
    # art. 54)
    r"|限制(?:其)?部分[^，。；：,;\n]{0,6}?业务"
    r"|取消(?:其)?[一二三四五六七八九十\d]+年(?:至[一二三四五六七八九十\d]+年)?内参加[^，。；：,;\n]{0,30}?资格"
    # 限制、暂停其证券经营业务 (股票发行与交易管理暂行条例 art. 71): two sanctions on one business
    r"|限制(?=(?:、|或者)暂停(?:其)?[^，。；：,;\n]{0,10}?业务)"
    # a ban for a term given as a range: 禁止违法行为人自前款规定的行政处罚决定生效之日…起一年以上三年以下的期限内从事有关的国际
    # 服务贸易经营活动 (对外贸易法 art. 62); a business's agency refused: 停止受理其办理商标代理业务 (商标法 art. 68)
    r"|禁止(?:其|违法行为人)?[^，。；：,;\n]{0,50}?[一二三四五六七八九十\d]+年以上[一二三四五六七八九十\d]+年以下的期限内从事"
    r"[^，。；：,;\n]{0,30}?(?:经营活动|业务)"
    r"|停止受理其办理[^，。；：,;\n]{0,12}?业务"
)
# art. 9 (四) 责令停产停业, with its statute-specific forms: 停业整顿, 限期停业, 暂停相关业务, 限期停止活动
_SUSPEND_BUSINESS = re.compile(
    "责令(?:其)?(?:限期)?(?:停产停业|停(?:业|产|工)整(?:顿|治)|停止营业|停业|停产)"
    # the party between: 责令生产经营单位停产停业整顿 (山东省安全生产条例 art. 72), 责令该机构停业 (公司法 art. 207)
    "|责令(?:[^，。；：,;\n、]{1,8}?(?:单位|机构|企业|公司|幼儿园|学校))(?:停产停业(?:整顿)?|停(?:业|产)整顿|停业(?![^，。；]{0,2}?执照))"
    # a school stopped from enrolling (民办教育促进法 art. 62: 责令停止招生、吊销办学许可证), a lawful business stopped when
    # the breach is grave (证券投资基金法 art. 137: 情节严重的，责令其停止基金服务业务)
    "|责令(?:[^，。；：,;\n、]{0,6}?(?:其|幼儿园|学校|机构))?停止招生"
    "|(?<=情节严重的，)责令(?:其)?停止[^，。；：,;\n、]{1,8}?(?:服务业务|服务)(?![^，。；]{0,4}?(?:许可|资格))"
    # …or its operations (职业病防治法 art. 75: 情节严重的，责令停止产生职业病危害的作业; 使用有毒物品作业场所劳动保护条例:
    # 责令停止使用有毒物品作业; a ship's 责令停止作业或者航行), as tuning10a reads it; not an emergency 责令立即停止作业
    "|(?<=情节严重的，)责令(?:其)?停止[^，。；：,;\n、]{0,12}?作业"
    "|责令(?:其)?暂停(?![^，。；]{0,16}?执业)|(?:可以)?限期停止活动|停业整顿|停(?:产|工|业)整治(?!等)"
    # the order's second object: 责令停止建设或者停产整顿 (核安全法 art. 79; not 应当限期解决或者停产整顿, a duty);
    # 情节严重的，暂停或者停止该项业务 (金融违法行为处罚办法 art. 28)
    "|(?<=建设或者|施工或者|使用或者|改正或者|停业或者|停产或者|生产或者|设备或者)停产(?:停业)?整顿"
    "|暂停或者停止(?:其|该项)?[^，。；：,;\n]{0,10}?业务(?![^，。；]{0,4}?(?:许可|资格))"
    # the order's last object: 责令停止施工、停止使用或者停产停业 (消防法 art. 58), 责令关闭或者停业
    "|(?<=[、者])(?:停产停业|停业|停止营业)(?=[，。；,;\n]|$|(?:、|或者)吊销)"
    # 给予三个月以上一年以下的停业处罚 (广东省司法鉴定管理条例 art. 64)
    "|(?<=的)停业(?=处罚)"
    # 给予警告或者停机整顿不超过6个月的处罚 (计算机信息网络国际联网安全保护管理办法 art. 23): a network business suspended
    "|停机整顿"
    # a sanction without 责令: 给予警告，暂停其从事有关业务 (海关法 art. 87), 依法暂停其业务活动
    "|(?:给予警告|处以|并处|予以|依法|直至|可以|限制、|限制或者|有关部门)[，,]?暂停(?:其)?(?:从事)?[^，。；：,;\n]{0,10}?业务(?:活动)?"
    "(?![^，。；]{0,4}?(?:许可|资格))"
)
# (…报同级人民政府予以关闭 / 提请有关地方人民政府予以关闭: a business closed by a government, not a well or a website)
# 由县级以上人民政府责令限期关闭或者搬迁 (防止拆船污染环境管理条例 art. 17); …拒不改正的，予以关闭 / 由…部门依法予以关闭
# (衢州市城市市容和环境卫生管理条例 art. 34)
_CLOSE = re.compile("责令(?:其)?(?:限期)?(?:予以)?关闭|责令[^，。；：,;\n]{1,20}?(?:、|或者)(?:予以)?关闭"
                    "|(?<=的，|的,|部门|机关)(?:依法)?予以关闭"
                    "|(?<=人民政府)(?!应当)(?:[^，。；：,;\n]{0,16}?)予以关闭"
                    # 应当提请有关地方人民政府关闭该煤矿 (国务院关于预防煤矿生产安全事故的特别规定 art. 10)
                    "|(?<=提请)[^，。；：,;\n]{0,16}?人民政府关闭(?=该|其|[，。；,;])")
# art. 9 (四) 限制从业, with 停止执业 / 暂停执业 and bans on holding posts
_RESTRICT_PRACTICE = re.compile(
    # 三年内不得再次担任责任建筑师 (上海市推进浦东新区实施建筑师负责制若干规定 art. 21)
    r"限制从业|禁止(?:其)?从业|终身禁止从事|[一二三四五六七八九十\d]+年内(?:不得|禁止)(?:再次|再)?(?:从事|担任)"
    # 责令暂停六个月以上一年以下执业活动 (上海市精神卫生条例 art. 68): the term inside
    r"|(?:停止|暂停)执业|暂停(?:其)?一定期限(?:的)?执业"
    # 暂停其6个月以内从事报关业务 (海关行政处罚实施条例 art. 17): the term before the business
    r"|暂停(?:其)?[一二三四五六七八九十\d]+个?(?:月|年)以内从事[^，。；：,;\n]{0,12}?(?:业务|活动|工作)"
    r"|暂停(?:其)?(?:[一二三四五六七八九十\d]+个?(?:月|年)(?:以上)?)?(?:[一二三四五六七八九十\d]+个?(?:月|年))?(?:以下)?执业"
    r"|责令(?:其)?停止执行业务|禁止(?:其)?(?:在?一定期限内|[一二三四五六七八九十\d]+年内|终身)(?:担任|从事)"
    # 十年内直至终身禁止从事药品生产经营活动 (疫苗管理法 art. 81)
    r"|(?:[一二三四五六七八九十\d]+年内(?:直至终身)?|[一二三四五六七八九十\d]+年直至终身|终身|永久|依法)禁止(?:其)?(?:担任|从事)"
    # 二年以内不得担任项目负责人 (北京市建设工程质量条例 art. 102), 终身不得从事兽药的生产、经营活动 (兽药管理条例 art. 56)
    r"|(?:[一二三四五六七八九十\d]+年以内|(?<!构成犯罪的，)终身)不得(?:再)?(?:从事|担任)"
    # 给予停止从事司法鉴定业务三个月以上一年以下的处罚 (浙江省司法鉴定管理条例 art. 47): a term makes it a ban, not an order
    # to stop the unlawful activity; 5年内不得申请生猪定点屠宰证书或者从事生猪屠宰管理活动 (生猪屠宰管理条例 art. 38)
    r"|(?:停止|暂停)(?:其)?从事[^，。；：,;\n]{0,12}?(?:业务|活动|工作)[^，。；：,;\n]{0,3}?[一二三四五六七八九十\d]+个?(?:月|年)"
    r"|[一二三四五六七八九十\d]+年内不得[^，。；：,;\n]{1,20}?(?:或者|、)(?:从事|担任)"
    # 禁止直接负责的董事、高级管理人员和其他直接责任人员一定期限直至终身从事银行业工作 (商业银行法 art. 89)
    r"|禁止(?:其)?[^，。；：,;\n]{0,40}?(?:一定期限|[一二三四五六七八九十\d]+年)直至终身(?:从事|担任)"
    # 5年内禁止其法定代表人、主要负责人、直接负责的主管人员和其他责任人员从事医疗器械生产经营活动 (医疗器械监督管理条例
    # art. 98, 化妆品监督管理条例): the persons barred named after 禁止其
    r"|[一二三四五六七八九十\d]+年内禁止其(?=法定代表人|主要负责人)[^，。；：,;\n]{0,60}?(?:从事|担任)"
)
_DURATION = r"(?:[一二三四五六七八九十\d]+日(?:以上)?(?:[一二三四五六七八九十\d]+日)?以下(?:的)?)"
_DETENTION = re.compile(
    # (not …罚款或者行政拘留执行完毕后 (公安机关办理行政案件程序规定 art. 252): a detention carried out)
    rf"(?:(?:处以?|并处|予以|给予|或者|可以){_DURATION}?|或{_DURATION})(?:行政)?拘留(?![所期的决通证室审人]|措施|执行)"
)
_DEMOLISH = re.compile("限期拆除|责令(?:其)?拆除|(?:可以|予以|依法)(?:强制)?拆除")
_STOP = re.compile("责令(?:其)?停止(?:建设|施工)")
_CORRECT = re.compile("责令(?:其)?(?:限期)?(?:改正|纠正|整改)|限期(?:改正|整改)")

# (kind, pattern, a word the pattern needs: a cheap `in` test before the regex)
KIND_PATTERNS: tuple[tuple[SanctionKind, re.Pattern[str], str], ...] = (
    (SanctionKind.SUSPEND_LICENCE, _SUSPEND, "扣"),
    (SanctionKind.SUSPEND_LICENCE, _SUSPEND_OTHER, "暂停"),
    (SanctionKind.REVOKE_LICENCE, _REVOKE, "吊销"),
    (SanctionKind.REVOKE_LICENCE, REVOKE_OTHER, ""),
    (SanctionKind.LOWER_QUALIFICATION, _LOWER, "资质等级"),
    (SanctionKind.RESTRICT_ACTIVITY, _RESTRICT_ACTIVITY, ""),
    (SanctionKind.SUSPEND_BUSINESS, _SUSPEND_BUSINESS, ""),
    (SanctionKind.CLOSE, _CLOSE, "关闭"),
    (SanctionKind.RESTRICT_PRACTICE, _RESTRICT_PRACTICE, ""),
    (SanctionKind.DETENTION, _DETENTION, "拘留"),
    (SanctionKind.STOP_CONSTRUCTION, _STOP, "停止"),
    (SanctionKind.DEMOLISH, _DEMOLISH, "拆除"),
    (SanctionKind.CORRECT, _CORRECT, ""),
)
