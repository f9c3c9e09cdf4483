"""The penalty extractor on the annotated sample (tests/quality/penalty_sample.yaml).

The held-out half was split off by a hash of the provision id before any rule was tuned.  It was spent on
2026-12-07: from then on its failures were read to fix rules, so both halves are tuning data and a fresh,
independently annotated held-out (tests/quality/penalty_heldout2.yaml) measures the extractor.  The
"held_out" half keeps its name and its frozen split so that figures stay comparable.  94 provisions:
法律 24, 行政法规 17, 地方性法规 24, 规章 17, 司法解释 12; 23 of them 罚则.  Precision / recall in %: before
issue 15, when the half was spent, and after its failures were read (2026-12-07):

    is_penalty   71.9 / 100   ->  82.1 / 100   ->  100 / 100
    kinds        83.0 / 95.7  ->  90.2 / 100   ->  100 / 100
    fines        83.7 / 92.3  ->  92.7 / 97.4  ->  100 / 100
    subjects        - / 0     ->   100 / 50    ->  100 / 100  (2 annotated)
    body         94.4 / 73.9  ->   100 / 100   ->  100 / 100  (how found: 100)
    违则          76.9 / 74.1  ->  75.0 / 77.8  -> 96.0 / 85.7 (explicit 100, inferred 90.9; one entry re-read:
                                                               出境入境管理法 art. 76 item (四) → art. 33, else
                                                               92.0 / 85.2)

The tuning half (with penalty_tuning_extra.yaml) stands at 100 on every field but body recall 96.7 and
违则 recall 87.8.  Each floor below is the measured figure less about 5 points: a change that loses more
has made the facts worse.

Round 2 (tuning only; the fresh held-out penalty_heldout2.yaml is scored by the lead, never here):
tests/quality/penalty_tuning3.yaml, 121 provisions annotated by another reader (44 罚则), before → after
(P / R %, measured in one run, 2026-12-07):

    is_penalty   86.0 / 97.7  ->  100 / 100
    kinds        90.2 / 96.1  ->  100 / 98.7
    fines        93.8 / 93.8  ->  100 / 98.4
    subjects     40.0 / 100   ->  100 / 100   (2 annotated)
    body         86.0 / 84.1  ->  100 / 100   (how found: 100)
    违则          86.7 / 56.5  -> 95.8 / 66.7  (explicit 96.3 -> 100, inferred 72.2 -> 89.5)

Its floors are the after figures less about 5 points (违则 recall less 5 as well: inferred pairs stay the
weak field).  In the same run penalty_sample.yaml (both halves) with penalty_tuning_extra.yaml stayed at 100
on every field but body recall 98.1 and 违则 98.6 / 88.3 -> 98.6 / 89.6.

Round 3 (sanction kinds, fines and subjects only; is_penalty, body and 违则 unchanged on the whole corpus):
the annotated tuning files are nearly saturated, so the rules were read off corpus wording.  Before → after
in one run (P / R %): penalty_tuning3.yaml kinds 100 / 98.7 -> 100 / 100, fines 100 / 98.4 (unchanged: one
fine repeated in two paragraphs, merged as penalty_sample.yaml's readers do), every other field unchanged;
penalty_sample.yaml (held_out half; tuning half with penalty_tuning_extra.yaml) unchanged at the figures
above.  Over the whole corpus (parsed, not ingested): 罚款 14,095 -> 14,122, 吊销许可证件 1,742 -> 1,751,
暂扣许可证件 141 -> 144, 限制开展生产经营活动 57 -> 65, 通报批评 211 -> 215, 限制从业 149 -> 152, 行政拘留
228 -> 230, 警告 1,706 -> 1,708; per-unit fines 393 -> 431, capped multiples 13 -> 19, figureless fines
341 -> 322; subjects 单位 997 -> 1,003, 责任人员 861 -> 954, 个人 663 -> 667.

Round 4 (违则 recall, the deciding body, some kinds; rules read off corpus wording, random samples of 罚则 read,
and the tuning files' failures).  Before → after in one run (P / R %): penalty_sample.yaml (both halves) 违则
98.0 / 87.3 -> 98.0 / 89.1 (inferred 95.8 -> 96.0), every other field unchanged; penalty_tuning3.yaml 违则
95.8 / 66.7 -> 96.0 / 69.6 (inferred 89.5 -> 90.5), every other field unchanged; penalty_tuning_extra.yaml
unchanged; penalty_pairs_tuning2.yaml right pairs kept 20 -> 21 of 26, wrong ones 2 of 12 (unchanged).  Over the
whole corpus (parsed, not ingested): 罚则 9,564 -> 9,545 (court measures of a 海事法院, items of lists of things
forbidden, decisions not carried out named as conduct; a few warnings of parties added), 罚则 with a 违则 7,198 ->
7,317 (explicit 4,247 -> 4,301, inferred 3,045 -> 3,121; inferred pairs 4,665 -> 4,784); 罚则 with no deciding
body 269 -> 254.  The floors of 违则 recall move up with the figures.

Round 5 (inferred 违则 of listed items, kinds written loosely, deciding bodies; rules read off corpus wording, random
samples of 罚则 read, and the tuning files' failures).  Before → after in one run (P / R %): penalty_sample.yaml
(both halves) 违则 98.0 / 89.1 -> 98.0 / 90.9 (inferred 96.0 -> 96.2), its tuning half with
penalty_tuning_extra.yaml 100 / 91.8 -> 100 / 93.9, its spent held_out half unchanged (96.2 / 89.3);
penalty_tuning3.yaml 违则 96.0 / 69.6 -> 96.2 / 72.5 (inferred 90.5 -> 91.3); every other field unchanged on every
file (kinds at 100 everywhere; body recall 98.1 / 96.7 on penalty_sample.yaml, 100 on tuning3); penalty_pairs_tuning*.yaml right pairs kept 22/30 and 21/28, wrong ones 0/10 and 2/12
(unchanged).  Of the inferred pairs the round added over the corpus, 35 were read: 34 right, one doubtful.  Over the
whole corpus (parsed, not ingested): 罚则 9,545 -> 9,552 (吊销…资质, 终身不得从事 beside no other sanction), 罚则 with a
违则 7,317 -> 7,333 (explicit 4,301 unchanged, inferred 3,121 -> 3,138; inferred pairs 4,784 -> 4,915); 罚则 with no
deciding body 254 -> 216; 罚则 holding 吊销许可证件 1,606 -> 1,652, 责令停产停业 1,020 -> 1,036, 限制从业 173 -> 185.

Round 6 (a fresh tuning sample, then rules read off its failures).  tests/quality/penalty_tuning4.yaml, 88 provisions
(33 罚则) drawn and annotated before any rule of the round; its first score is an out-of-sample figure.  Before ->
after in one run (P / R %):

    is_penalty   89.2 / 100   ->  97.1 / 100   (加处罚款, 行政处罚的种类：, 监察机关没收 no longer 罚则)
    kinds        81.9 / 95.2  ->  98.4 / 100   (限制、暂停其…业务; …人民政府予以关闭)
    fines        97.9 / 93.9  ->   100 / 93.9  (the 3 misses: a fine repeated in a later paragraph, annotated twice,
                                                merged by the extractor as penalty_sample.yaml's readers do)
    subjects     50.0 / 100   ->  50.0 / 100   (6 annotated; the 6 extra name whom the clause fines: 对导游人员 …)
    body          100 / 100   ->   100 / 100
    违则          85.7 / 60.0  -> 91.2 / 62.0  (explicit 92.9 -> 100, inferred 81.0 -> 85.7; the rule a 罚则 states
                                                before its sanction is its own 违则)

Every other tuning file unchanged (penalty_sample.yaml both halves, its tuning half with penalty_tuning_extra.yaml,
penalty_tuning3.yaml; penalty_pairs_tuning*.yaml right pairs kept 23/30 and 23/28, wrong ones 0/10 and 1/12;
penalty_fresh_tuning.yaml 40/40, penalty_court_tuning.yaml 39/40).  Over the whole corpus (parsed, not ingested):
罚则 9,552 -> 9,537 (late-payment surcharges, lists of kinds, 监察机关's confiscations), 罚则 with a 违则 7,333 ->
7,352 (explicit 4,301 -> 4,297: a paragraph's own fined conduct no self-reference; inferred only 3,032 -> 3,055),
inferred pairs 4,915 -> 4,933 (22 added, all read: 21 right, one on 行政处罚法 art. 35, itself no 罚则); 罚则 with no
deciding body 216 -> 210.  The 违则 recall of penalty_tuning4.yaml stays the weak field: the misses
are conducts whose rule holds under 0.65 of their words (合伙企业登记管理办法 art. 39 -> art. 18: 0.43) and
conducts two rules share (海岛保护法 art. 47 -> arts. 28, 29); two rules tried for them (scoring the conduct
without 依照本办法规定 / 按照规定, and pairing two rules that hold it together) added more wrong pairs than right
ones on the tuning files and in the new corpus pairs read (about 85 over the attempts), and were left out.

Round 7 (a learned 违则 decision, measured, not shipped; its code was not kept).  A logistic regression over
features of each (罚则, candidate rule) pair (shares of the conduct and of the rule, closest sentence, idf, longest shared run,
rank, margin and near ties among candidates, party, rule words and polarity, distance, chapter, the hand rule's
decision) over the 133 罚则 of the tuning files that annotate 违则 (196 pairs; 83 found explicitly, 104 of the others
among the candidates), 10 folds by statute, L2 and threshold chosen by inner CV at the hand rule's precision.  Out
of fold, 违则 P / R % pooled (hand rule on the same folds 96.2 / 77.6, in sample: it was tuned on these files):
the model deciding every candidate 94.7 / 72.4, 93.5 / 73.5, 94.9 / 75.5 over fold seeds 0, 1, 2 (recall −5.8 ± 2.5,
−3.8 ± 1.8, −2.8 ± 1.5 paired); the hand rule's pairs kept and the model deciding the rest 93.9 / 78.1, 95.0 / 78.1,
96.2 / 78.1 (recall +0.6 ± 0.6, +0.5 ± 0.5, +0.7 ± 0.7; precision −2.1, −1.0, 0).  Among the candidates the hand
rule leaves (35 right of 292) the model's ten surest hold 1 to 4 right ones.  No gain of more than one standard
error at no loss of precision: the hand rule stays, the floors are unchanged.

Round 9 (a fresh tuning sample, then general forms read off its failures and checked on the whole corpus).
tests/quality/penalty_tuning6.yaml, 102 provisions (88 罚则: long articles with subjects, per-unit and multiple fines,
bodies named late or not at all; 违则 annotated only where the article names them) drawn and annotated before any
rule of the round; its first score is an out-of-sample figure for the code of the day.  Before -> after in one run
(P / R %):

    is_penalty    100 / 98.9  ->  100 / 100    (a ban following a revocation, 5年内不得申请…或者从事…)
    kinds        97.5 / 94.0  ->  100 / 100    (停产整顿 after 或者, 暂停…资格, 撤销…资质, money taken as 违法所得 …)
    fines        99.6 / 98.7  -> 99.6 / 99.6   (two multiples joined by 或者, a base 应当缴纳的…; left: a fine named by
                                                referral (…给予责令拆除或者回填、罚款等处罚) and 罚款 split by a line break in the corpus)
    subjects     92.5 / 87.3  ->  100 / 100    (a list of persons of 31 characters or more; 对单位被吊销… no party)
    body         91.8 / 90.7  ->  100 / 100    (并可以由公安机关…拘留 decides the detention only; X会同Y; 治安管理处罚由…;
                                                负责查处违反本条例的行为; the local clause of a national sentence)
    违则          91.1 / 100   ->  91.1 / 100   (not this round's field)

In the same run penalty_tuning5.yaml kinds 95.5 / 93.2 -> 96.3 / 96.9, fines 98.2 / 97.4 -> 98.3 / 100, subjects
75.0 / 90.0 -> 76.9 / 100, body 95.8 / 94.5 -> 98.6 / 98.6 (期货和衍生品法 arts. 140, 144 fixed by the forms of
tuning6 before its own failures were read; then its failures read too: per-unit fines capped in their total, 予以关闭,
禁止其一年至二年内代理…, 三年内不得再次担任); penalty_tuning3.yaml, penalty_tuning4.yaml and penalty_sample.yaml (both
halves, with penalty_tuning_extra.yaml) unchanged.

Then tests/quality/penalty_tuning6_check.yaml, 30 long 罚则 drawn and annotated after those rules, was scored once:
the code before the round and the code of the round score the same on it (is_penalty 100 / 100, kinds 100 / 95.5,
fines 98.4 / 98.4, subjects 100 / 100, body 93.3 / 93.3, 违则 100 / 64.7): the forms fixed did not occur in it, its
misses were new forms again (限制部分支付业务, 取消其一年至三年内参加…投标资格, 每个泊位, X或者会同有关部门, 直至由工商行政
管理机关吊销营业执照).  Those were then fixed too (kinds 100 / 97.8, fines, subjects and body 100 / 100; left:
停止受理其办理商标代理业务, 责令停止经营, and 违反本条例第二十八条…，第三十一条第二款… whose list of articles the citation
parser cuts after the first).  Over the whole corpus (parsed, not ingested), all rules of the round: 罚则 9,464 -> 9,476;
没收违法所得 2,142 -> 2,189 and 没收非法财物 1,142 -> 1,101 (所获收入, 所收取的…费用, 广告费用); 暂扣许可证件 136 -> 180
(暂停…资格 / 许可); 吊销许可证件 1,636 -> 1,660; 责令关闭 290 -> 307 (closures by policy of facilities built before
left out); 限制从业 181 -> 194; 限制开展生产经营活动 70 -> 86; fines 14,092 -> 14,108 (multiples 1,966 -> 1,977);
subjects 责任人员 962 -> 988, 单位 996 -> 1,001, 个人 648 -> 651; 罚则 with no deciding body 116 -> 110 (a body set up to
manage an area, bodies ending in 体委 / 考委 found; bodies named after the sanctions for a measure of their own, 由…予以
取缔 / 由公安机关依法给予治安管理处罚, no longer taken), inferred bodies 1,616 -> 1,659.  The corpus diff (340
罚则) was read: every new closure, 暂停…资格 and change of body one by one, the rest by pattern.

Round 11 (a fresh tuning sample, then general forms read off the misses of it and of penalty_tuning6_check.yaml).
tests/quality/penalty_tuning8.yaml, 74 provisions (66 罚则; seed 20270301, the narrow sanction word, 3 司法解释 as
negatives) drawn and annotated before any rule of the round; its first score is the out-of-sample figure of the code
of main at 8fd99e8.  Before -> after in one run (P / R %; ingest.penalty_eval.evaluate(…, "all", ()) ):

    is_penalty    100 / 98.5  ->  100 / 100   (依照《…防震减灾法》…处以罚款: 减 of the title blocked the fine)
    kinds        99.3 / 95.7  ->  100 / 100   (提请…人民政府关闭 / 决定由…吊销, 禁止…N年以上M年以下的期限内从事…经营活动,
                                               停机整顿, 予以撤销 of an approval obtained by fraud; an outlet closed no 责令关闭)
    fines         100 / 99.0  ->  100 / 100
    subjects      100 / 91.3  ->  100 / 100   (对快递企业，邮政管理部门可以…)
    body         93.7 / 92.2  ->  100 / 100   (the order's body before the sanction in its sentence; 除…外 of an assignment;
                                               公路范围内…的行政处罚由… no assignment of the statute; …依法对本条例规定的…
                                               违法行为实施行政处罚)
    违则          92.3 / 96.0  ->  92.3 / 96.0  (not this round's field)

Misses grouped by cause over penalty_tuning6 (saturated since round 9), penalty_tuning6_check and penalty_tuning8
(kinds 9, subjects 2, body 5): a sanction decided by a government on request 2, a business barred in other words 2,
a suspension in other words 2 (停机整顿; 责令停止经营, left: also the order to stop the unlawful business), 撤销 of
an approval 1, an outlet's closure 1, a fine by referral 1; the party named before the body 2 (one cause); the body
of an order earlier in the sentence 1, a scope of place taken as the statute's assignment 2, an assignment's
exception 1, a fine blocked by a title 1.  In the same run penalty_tuning6_check.yaml kinds 100 / 97.8 -> 100 / 98.9
(商标法 art. 68), penalty_tuning5.yaml body 98.6 / 98.6 -> 100 / 100 and subjects 76.9 / 100 -> 74.1 / 100 (邮政法
art. 78: 对快递企业，并由邮政管理部门吊销… now 单位, which its reader left unannotated); every other field of every
tuning file unchanged.  Over the whole corpus (parsed): 罚则 9,468 -> 9,472; 95 deciding bodies change (about 70 read
one by one: 2 doubtful, 由…提请县级以上人民政府决定由有关主管部门吊销 where the government decides); township
competent 77 -> 76; chapter titles that lost their label restored (ingest/statutes.py): 1,378 provisions of 89
statutes under the right chapter (a side effect: penalty_tuning7.yaml 违则 79 / 15 / 43 -> 78 / 15 / 44, one inferred
pair of 东营市城镇容貌和环境卫生管理条例 art. 46 falls under the pairing threshold once art. 43 no longer ends in the
stray title 法律责任).

Then tests/quality/penalty_tuning8_check.yaml, 24 罚则 drawn and annotated after those rules, was scored once: the code
before the round and the code of the round score the same on it (P / R %: is_penalty 100 / 100, kinds 97.4 / 97.4,
fines 100 / 100, subjects 100 / 88.9, body 100 / 100, 违则 100 / 100): the forms fixed did not occur in it.  Its misses:
a ban counted from a sentence or a 处分 (自刑罚执行完毕或者受处分之日起，5年内不得担任…), then fixed (kinds 100 / 97.4;
corpus: 6 provisions lose that ban, 罚则 9,472 -> 9,471); left: persons named as the party of a fine without 对…
(施工单位的主要负责人…处…罚款: no subject) and 责令…机构暂停负有直接责任的工作人员…服务 (read 限制从业).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.penalty_eval import evaluate, held_out_digest, load_sample

pytestmark = pytest.mark.corpus

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "penalty_sample.yaml"
LAWS = HERE.parents[1].parent / "shared" / "corpus" / "laws"

# (precision, recall) floors on the (spent) held-out half; None: not measured for that side
FLOORS = {
    "is_penalty": (0.95, 0.95),
    "kinds": (0.95, 0.95),
    "fines": (0.95, 0.95),
    "subjects": (0.95, 0.5),
    "body": (0.95, 0.95),
    "body_how": (0.95, 0.95),
    "violated": (0.90, 0.84),
    "violated_explicit": (0.95, None),
    "violated_inferred": (0.85, None),
}
# the same on the tuning half and its supplement
TUNING_FLOORS = {
    "is_penalty": (0.95, 0.95),
    "kinds": (0.95, 0.95),
    "fines": (0.95, 0.95),
    "subjects": (0.95, 0.95),
    "body": (0.95, 0.9),
    "body_how": (0.95, 0.95),
    "violated": (0.95, 0.89),
    "violated_explicit": (0.95, None),
    "violated_inferred": (0.95, None),
}


# the same on tests/quality/penalty_tuning3.yaml alone (subjects: only 2 annotated, so a loose floor)
TUNING3_FLOORS = {
    "is_penalty": (0.95, 0.95),
    "kinds": (0.95, 0.95),
    "fines": (0.95, 0.93),
    "subjects": (0.5, 0.5),
    "body": (0.95, 0.95),
    "body_how": (0.95, 0.95),
    "violated": (0.90, 0.68),
    "violated_explicit": (0.95, None),
    "violated_inferred": (0.85, None),
}
TUNING3 = HERE / "penalty_tuning3.yaml"

# the same on tests/quality/penalty_tuning4.yaml alone (round 6; subjects: 6 annotated, the extractor names more)
TUNING4_FLOORS = {
    "is_penalty": (0.92, 0.95),
    "kinds": (0.93, 0.95),
    "fines": (0.95, 0.89),
    "subjects": (0.4, 0.9),
    "body": (0.95, 0.95),
    "body_how": (0.95, 0.95),
    "violated": (0.85, 0.55),
    "violated_explicit": (0.95, None),
    "violated_inferred": (0.8, None),
}
TUNING4 = HERE / "penalty_tuning4.yaml"

TUNING6_FLOORS = {
    "is_penalty": (0.95, 0.95),
    "kinds": (0.95, 0.95),
    "fines": (0.95, 0.95),
    "subjects": (0.95, 0.95),
    "body": (0.95, 0.95),
    "body_how": (0.95, 0.95),
    "violated": (0.85, 0.95),
    "violated_explicit": (0.95, None),
}
TUNING6 = HERE / "penalty_tuning6.yaml"

# round 11: tests/quality/penalty_tuning8.yaml after the round's rules, its figures exactly (violated: 24 of 26 pairs
# right, 24 of 25 found; the two wrong ones are inferred pairs of ingest/pairing.py, not this round's field)
TUNING8_FLOORS = {
    "is_penalty": (1.0, 1.0),
    "kinds": (1.0, 1.0),
    "fines": (1.0, 1.0),
    "subjects": (1.0, 1.0),
    "body": (1.0, 1.0),
    "body_how": (1.0, 1.0),
    "violated": (24 / 26, 24 / 25),
    "violated_explicit": (1.0, None),
}
TUNING8 = HERE / "penalty_tuning8.yaml"


def test_split_is_frozen() -> None:
    header = SAMPLE.read_text(encoding="utf-8").split("\n- ", 1)[0]
    recorded = re.search(r"held-out ids joined by newlines: ([0-9a-f]{64})", header)
    assert recorded, "样本文件头缺少留出集的 sha256"
    entries = load_sample(SAMPLE)
    assert recorded.group(1) == held_out_digest(entries)
    assert len(entries) >= 200 and len({e["id"] for e in entries}) == len(entries)


@pytest.mark.parametrize(("sample", "half", "extra", "floors", "least"), [
    (SAMPLE, "held_out", (), FLOORS, 90),
    (SAMPLE, "tuning", (HERE / "penalty_tuning_extra.yaml",), TUNING_FLOORS, 200),
    (TUNING3, "tuning", (), TUNING3_FLOORS, 120),
    (TUNING4, "tuning", (), TUNING4_FLOORS, 85),
    (TUNING6, "all", (), TUNING6_FLOORS, 100),
    (TUNING8, "all", (), TUNING8_FLOORS, 74),
])
def test_figures(sample: Path, half: str, extra: tuple[Path, ...],
                 floors: dict[str, tuple[float | None, float | None]], least: int) -> None:
    if not LAWS.is_dir():
        pytest.skip(f"corpus not found at {LAWS}")
    report = evaluate(sample, LAWS, half, extra)
    print("\n" + report.table())
    assert report.provisions >= least
    for name, (p_floor, r_floor) in floors.items():
        score = report.scores[name]
        if p_floor is not None:
            assert score.precision is not None and score.precision >= p_floor, (name, score)
        if r_floor is not None:
            assert score.recall is not None and score.recall >= r_floor, (name, score)


# Round 7b (what is no 行政处罚, who decides, against whom; rules read off the 罚则 with no deciding body, a sample of
# warnings to organs and penalty_tuning4.yaml's failures).  Before -> after in one run (P / R %): penalty_tuning4.yaml
# is_penalty 97.1 / 100 -> 100 / 100, kinds 98.4 / 100 -> 100 / 100, subjects 50.0 / 100 -> 66.7 / 100; every other
# field of every tuning file unchanged.  Over the whole corpus (parsed): 罚则 9,537 -> 9,464, no deciding body 210 -> 116.
TUNING4_FLOORS.update({"is_penalty": (0.95, 0.95), "kinds": (0.95, 0.95), "subjects": (0.6, 0.9)})


# Round 11, 违则 (branch wt-pen11v): tests/quality/penalty_tuning9.yaml, 60 provisions drawn on the tuning half (54 罚则
# that cite no article; is_penalty, kinds and 违则 annotated, `partial`).  First score, before any inference rule of
# the round (the code of main at 8fd99e8 scores the same): is_penalty 94.7 / 100, kinds 95.7 / 100, 违则 91.9 / 68.0
# (explicit 100, inferred 91.4); on main at 0fb0a6d (round 11's penalty rules merged) 91.8 / 67.0; after the round, rebased
# on 0fb0a6d, 违则 92.1 / 70.0 (inferred 91.7).  Floors: those figures, rounded down.
TUNING9 = HERE / "penalty_tuning9.yaml"
TUNING9_FLOORS: dict[str, tuple[float | None, float | None]] = {
    "is_penalty": (0.94, 1.0),
    "kinds": (0.95, 1.0),
    "violated": (0.92, 0.7),
    "violated_explicit": (0.95, None),
    "violated_inferred": (0.91, None),
}


def test_figures_tuning9() -> None:
    test_figures(TUNING9, "all", (), TUNING9_FLOORS, 60)


# Round 13: tests/quality/penalty_heldout2.yaml, spent as a held-out sample after ten looks and tuning data from then
# on (the held-out sample is now penalty_heldout3.yaml, never scored here).  Before -> after in one run (P / R %;
# evaluate(…, "all", ())): is_penalty 96.9 / 96.9 -> 97.0 / 100, kinds 98.3 / 86.8 -> 98.5 / 98.5, fines 100 / 93.5
# -> 100 / 100 (two repeated fines merged in the annotation), subjects 100 / 90 -> 100 / 100, 违则 88.0 / 75.9 ->
# 89.8 / 75.9 (explicit 95.2 -> 100: a lone 第八项 of the article's own conduct list is no rule), body 93.3 / 90.3
# unchanged.  Floors: those figures, rounded down.
HELDOUT2 = HERE / "penalty_heldout2.yaml"
HELDOUT2_FLOORS: dict[str, tuple[float | None, float | None]] = {
    "is_penalty": (0.96, 1.0),
    "kinds": (0.98, 0.98),
    "fines": (1.0, 1.0),
    "subjects": (1.0, 1.0),
    "body": (0.93, 0.9),
    "violated": (0.89, 0.75),
    "violated_explicit": (1.0, None),
}


def test_figures_heldout2() -> None:
    test_figures(HELDOUT2, "all", (), HELDOUT2_FLOORS, 106)


# Round 14 (违则 pairing, branch wt-pen14v): wrong inferred pairs out by general gates (what an article rewards, an
# article that binds no one, a rule binding other named parties alone, an article that only speaks of a licence), a
# 罚则 named as the conduct of another followed to its own 违则, a 罚则's own items no 违则, item ranges read whole; five
# 违则 of the tuning files re-read and added (their quotes say so).  Old code -> new code on the re-read gold, in one run
# (P / R %): penalty_tuning3.yaml tuning half 98.1 / 74.3 -> 100 / 74.3 (inferred 95.8 -> 100), penalty_tuning9.yaml
# 93.4 / 70.3 -> 94.7 / 70.3 (inferred 93.1 -> 94.4), penalty_tuning7.yaml 84.9 / 64.2 -> 86.8 / 64.2 (explicit 66.7 ->
# 100); penalty_sample.yaml held_out half 96.6 / 90.3 (inferred 93.3) under both, up from 93.1 / 90.0 (86.7) on the old
# gold by the re-reading alone; every other field and file unchanged.
# Floors: those figures less about 5 points (tuning9: rounded down, as before).
FLOORS.update({"violated": (0.91, 0.85), "violated_inferred": (0.88, None)})
TUNING3_FLOORS.update({"violated": (0.95, 0.69), "violated_inferred": (0.95, None)})
TUNING9_FLOORS.update({"violated": (0.94, 0.7), "violated_inferred": (0.94, None)})


# Round 15 (branch wt-pen15): tests/quality/penalty_tuning10a.yaml (30 法律 / 行政法规) and penalty_tuning10b.yaml (27
# 地方性法规 / 规章 / 司法解释), a fresh draw annotated by readers who never ran the extractor.  First score (P / R %;
# evaluate(…, "all", ())) -> after the round, in one run: 10a kinds 100 / 94.5 -> 100 / 98.2, 违则 87.0 / 71.4 -> 90.9 /
# 71.4 (inferred 84.2 -> 88.9), fines 100 / 100, subjects 100 / 100, body 95.7 / 95.7 unchanged; 10b unchanged (body
# 94.1 / 94.1, 违则 100 / 84.6).  Floors: those figures, rounded down.
TUNING10A = HERE / "penalty_tuning10a.yaml"
TUNING10A_FLOORS: dict[str, tuple[float | None, float | None]] = {
    "is_penalty": (1.0, 1.0),
    "kinds": (1.0, 0.98),
    "fines": (1.0, 1.0),
    "subjects": (1.0, 1.0),
    "body": (0.95, 0.95),
    "body_how": (0.95, 0.95),
    "violated": (0.9, 0.71),
    "violated_explicit": (1.0, None),
    "violated_inferred": (0.88, None),
}
TUNING10B = HERE / "penalty_tuning10b.yaml"
TUNING10B_FLOORS: dict[str, tuple[float | None, float | None]] = {
    "is_penalty": (1.0, 1.0),
    "kinds": (1.0, 1.0),
    "fines": (1.0, 1.0),
    "subjects": (1.0, 1.0),
    "body": (0.94, 0.94),
    "body_how": (1.0, 1.0),
    "violated": (1.0, 0.84),
    "violated_explicit": (1.0, None),
    "violated_inferred": (1.0, None),
}


def test_figures_tuning10a() -> None:
    test_figures(TUNING10A, "all", (), TUNING10A_FLOORS, 30)


def test_figures_tuning10b() -> None:
    test_figures(TUNING10B, "all", (), TUNING10B_FLOORS, 27)
