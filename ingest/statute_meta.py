"""What a statute's path, title and 题注 say about it: its level, its region and its history events.

``infer_level_region`` reads the corpus folders and the title (法律, 行政法规,
地方性法规 … and 浙江省, 衢州市 …); ``parse_events`` reads the 题注 lines
(通过 / 公布 / 施行 / 修正 / 修订 with their dates).  Pure functions, used by
ingest.statutes while it parses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from ingest.statute_dates import _DATE, _date
from kg.model import Level, VersionEvent
from kg.regions import PROVINCE_BY_SHORT, PROVINCE_NAMES

_WS = re.compile(r"\s+")
_EVENT_KEYWORDS = re.compile("废止|失效|修正|修订|修改|批准|施行|生效|公布|发布|颁布|通过")
_EVENT_KIND = {"废止": "废止", "失效": "废止", "修正": "修正", "修订": "修订", "修改": "修正", "批准": "批准",
               "施行": "施行", "生效": "施行", "公布": "公布", "发布": "公布", "颁布": "公布", "通过": "通过"}
_QUOTED = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》|〈[^〈〉]*〉|<[^<>]*>")
_AMENDING = re.compile("修正案|关于修改|修订")
_EVENT_TAIL = re.compile(r"[\s　，,、；;]*(?:根据|自|并|及|和)?[\s　，,、；;）)]*$")

# --------------------------------------------------------------------------
# level and region
# --------------------------------------------------------------------------

_FOLDER_LEVEL = {
    "行政法规": Level.ADMIN_REGULATION,
    "司法解释": Level.JUDICIAL_INTERPRETATION,
    "部门规章": Level.DEPARTMENT_RULE,
    "宪法": Level.CONSTITUTION,
}
_LAW_FOLDERS = frozenset({"宪法相关法", "民法商法", "民法典", "行政法", "经济法", "社会法", "刑法", "诉讼与非诉讼程序法",
                          "其他", "法律"})
_DLC_PROVINCE = re.compile(r"^(?P<short>.+?)地方法规$")
_CITY = re.compile(
    r"^(?P<city>[\u4e00-\u9fff]{2,12}?(?:自治州|自治县|自治旗)|[\u4e00-\u9fff]{2,4}?市|[\u4e00-\u9fff]{2,3}?县|[\u4e00-\u9fff]{2,4}?盟)"
)
_SEZ = re.compile(r"^(?P<city>[\u4e00-\u9fff]{2,3})经济特区")
_CITY_BAD = re.compile("城|都|超|省|乡|级|区|关于|人民|代表|常务|实施|自治区")
_MINISTRY = re.compile(r"^(?:国务院)?[\u4e00-\u9fff]{1,12}?(?:部|总局|局|委员会|总署|署|银行|办公厅)(?!门)")
_DEPT_ORDER = re.compile(r"(?:部|局|委员会|总署|署|银行|办公厅)(?:令|第\d+号令)|部长|局长|署长|主任")


def _region_from_title(title: str, province: str | None) -> str | None:
    prov = next((p for p in PROVINCE_NAMES if title.startswith(p)), None)
    rest = title[len(prov):] if prov else title
    base = prov or province
    sez = _SEZ.match(rest)
    city: str | None = None
    if sez:
        city = sez.group("city") + "市"
    else:
        cm = _CITY.match(rest)
        if cm and not _CITY_BAD.search(cm.group("city")):
            city = cm.group("city")
    if city and base and city != base:
        return base + city
    return city or base


def _title_kind(title: str) -> str:
    for end in ("条例", "规定", "办法", "细则", "规则", "决定", "解释"):
        if title.endswith(end):
            return end
    return "法" if title.endswith("法") else ""


def infer_level_region(source: str, title: str, events_text: str = "") -> tuple[Level, str | None]:
    """Level (效力级别) and region of a statute from its path and title.

    In the corpus layout the folder decides: 行政法规, 司法解释, 部门规章,
    宪法, ``DLC/<省>地方法规/…`` (local: the province, plus a city when the title
    starts with one), other folders 法律.  Elsewhere the title (and the
    history text, for issuers) decides; :attr:`Level.OTHER` when nothing fits.

    >>> infer_level_region("DLC/浙江地方法规/地方性法规/浙江/台州市城乡规划条例(2020-09-24).md", "台州市城乡规划条例")
    (<Level.LOCAL_REGULATION: '地方性法规'>, '浙江省台州市')
    >>> infer_level_region("DLC/广东地方法规/地方性法规/广东/深圳经济特区绿色建筑条例.md", "深圳经济特区绿色建筑条例")
    (<Level.LOCAL_REGULATION: '地方性法规'>, '广东省深圳市')
    >>> infer_level_region("行政法规/城市道路管理条例(2019-03-24).md", "城市道路管理条例")
    (<Level.ADMIN_REGULATION: '行政法规'>, None)
    >>> infer_level_region("我的法规/衢州市城市市容和环境卫生管理条例.docx", "衢州市城市市容和环境卫生管理条例")
    (<Level.LOCAL_REGULATION: '地方性法规'>, '衢州市')
    >>> infer_level_region("x/中华人民共和国城乡规划法.txt", "中华人民共和国城乡规划法")
    (<Level.LAW: '法律'>, None)
    """
    folders = PurePosixPath(source.replace("\\", "/")).parts[:-1]
    for i, part in enumerate(folders):
        if part == "DLC" and i + 1 < len(folders):
            dm = _DLC_PROVINCE.match(folders[i + 1])
            province = PROVINCE_BY_SHORT.get(dm.group("short")) if dm else None
            rule = any("政府规章" in f for f in folders[i + 1:])
            level = Level.LOCAL_RULE if rule and title.endswith(("规定", "办法", "细则", "规则")) else Level.LOCAL_REGULATION
            return level, _region_from_title(title, province)
        if part in _FOLDER_LEVEL:
            return _FOLDER_LEVEL[part], None
        if part in _LAW_FOLDERS:
            return Level.LAW, None
        if "政府规章" in part or "地方性法规" in part:
            level = Level.LOCAL_RULE if "政府规章" in part else Level.LOCAL_REGULATION
            return level, _region_from_title(title, None)
    return _level_from_title(title, events_text)


def _level_from_title(title: str, events_text: str) -> tuple[Level, str | None]:
    kind = _title_kind(title)
    if title in ("中华人民共和国宪法", "宪法") or title.startswith("中华人民共和国宪法修正案"):
        return Level.CONSTITUTION, None
    if "最高人民法院" in title or "最高人民检察院" in title:
        return Level.JUDICIAL_INTERPRETATION, None
    region = _region_from_title(title, None)
    if region:
        if "人民代表大会" in events_text or "人大常委会" in events_text or kind in ("条例", "决定"):
            return Level.LOCAL_REGULATION, region
        if kind in ("规定", "办法", "细则", "规则") or "人民政府" in events_text or "政府令" in events_text:
            return Level.LOCAL_RULE, region
        return Level.LOCAL_REGULATION, region
    if title.startswith("全国人民代表大会") or (kind == "法" and not title.endswith(("办法", "方法"))):
        return Level.LAW, None
    if "国务院" in title or "国务院" in events_text:
        return Level.ADMIN_REGULATION, None
    if kind in ("规定", "办法", "细则", "规则") and (_MINISTRY.match(title) or _DEPT_ORDER.search(events_text)):
        return Level.DEPARTMENT_RULE, None
    if kind == "条例":
        return Level.ADMIN_REGULATION, None
    return Level.OTHER, None


# --------------------------------------------------------------------------
# history lines
# --------------------------------------------------------------------------


def _event_kind(text: str) -> str:
    """The kind of one history entry: its last keyword outside quoted titles.

    ``…会议通过的《中华人民共和国宪法修正案》`` amends: 修正.
    """
    bare = _QUOTED.sub("", text)
    last = None
    for m in _EVENT_KEYWORDS.finditer(bare):
        last = m.group()
    kind = _EVENT_KIND[last] if last else "其他"
    if kind == "通过" and bare.rstrip().endswith("的") and _AMENDING.search(text):
        return "修正"
    return kind


def parse_events(lines: Sequence[str]) -> tuple[list[VersionEvent], list[str]]:
    """History entries from header lines; also returns lines whose dates could not be read.

    Entries may share a line (``…修正  2020年11月27日…修订``), wrap over lines
    or sit in parentheses (``（2007年10月28日…通过　根据2015年4月24日…修正）``).

    >>> evs, bad = parse_events(["（2007年10月28日第十届全国人民代表大会常务委员会第三十次会议通过　"
    ...                          "根据2015年4月24日第十二届全国人民代表大会常务委员会第十四次会议"
    ...                          "《关于修改〈中华人民共和国港口法〉等七部法律的决定》第一次修正）"])
    >>> [(str(e.day), e.kind) for e in evs]
    [('2007-10-28', '通过'), ('2015-04-24', '修正')]
    """
    joined: list[str] = []
    for raw in lines:
        line = raw.strip().strip("　")
        if not line:
            continue
        if _DATE.search(line):
            joined.append(line)
        elif joined:
            joined[-1] += line  # a wrapped entry
    events: list[VersionEvent] = []
    bad: list[str] = []
    for line in joined:
        body = line.strip("（()）")
        starts = [m for m in _DATE.finditer(body)]
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
            chunk = body[m.start():end]
            what = _EVENT_TAIL.sub("", chunk[m.end() - m.start():]).strip(" 　（()）")
            if i + 1 < len(starts) and not what:
                continue  # a date inside the previous entry's text
            try:
                day = _date(m)
            except ValueError:
                bad.append(chunk)
                continue
            events.append(VersionEvent(day, _event_kind(what), _WS.sub(" ", chunk.strip()).strip("　 ，,；;根据")))
    return events, bad
