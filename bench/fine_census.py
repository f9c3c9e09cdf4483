"""Census of the fines and kinds the penalty extractor reads over the whole corpus (issue 15, round 14).

Every article of a data dir's graph (``YIJU_DATA_DIR``, or ``--data``) is read again with the current
``ingest.penalties.analyse_penalty``; each sentence (up to 。；) of a 罚则 that holds 罚款 is checked for forms
whose extracted figures cannot be right:

- ``article_missed``: an article held no 罚则 whose sentence sets 处…元…罚款 (procedure words aside);
- ``no_fine``: 处/罚 … 罚款 with a figure (元, 倍, 百分之) in the sentence, and no fine extracted there;
- ``figures_left``: an amount of yuan set as a fine (not a condition 违法所得五千元以上的, not a cap) that no
  extracted fine of the sentence covers;
- ``multiple_no_base``: a multiple without its base;
- ``per_missing``: 每…(人/日/株/平方米/吨/辆/头 …) before the figures of a fine whose ``per`` is empty;
- ``cap_missing``: 最高不超过 / 不超过N万元 after a multiple whose ``max_amount`` is empty;
- ``fine_holds_more_figures``: a fine's own words hold more amounts than its range (two fines read as one);
- ``subject_wrong``: a fine whose words start 对单位 / 对个人 / 对直接负责的主管人员 with another subject;
- ``amount_implausible``: an amount under one yuan or above a billion (a numeral misread);
- ``range_read_flat``: 以上 / 以下 in a fine read as one amount;
- ``cap_missing_near``: 不超过N元 within the clause after a multiple whose ``max_amount`` is empty;
- ``range_swapped``: a minimum above the maximum;
- ``unit_lost``: 万元 / 千元 in a fine whose amounts are all below ten thousand / a thousand;
- ``subject_missing``: 对单位 / 对个人 / 对直接负责的主管人员 … before a fine whose ``subject`` is empty;
- ``kind_missing:<kind>``: 没收 / 吊销 / 暂扣 / 责令停产停业 / 限制从业 words in a sanctioning sentence whose
  article holds no sanction of that kind.

The counts are leads, not errors: read the examples (``--examples N``, ``--form NAME``).  ``--dump FILE``
writes every article's sanctions; ``--diff FILE`` lists the articles whose sanctions differ from a dump (a
change of code, read on the same texts).

    YIJU_DATA_DIR=… python -m bench.fine_census --examples 3
    python -m bench.fine_census --data … --form per_missing --examples 20
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from ingest.fines import parse_amount_range, parse_multiple_range
from ingest.penalties import analyse_penalty
from kg.model import Sanction, SanctionKind
from kg.sqlite_store import SqliteStore

_SENTENCE = re.compile(r"[^。；;\n]+")
_CNUM = "零〇一二两三四五六七八九十百千万亿"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CNUM}]+)"
_AMOUNT = re.compile(rf"{_NUM}(?:万|千|百)?元")
_FIGURE = re.compile(rf"{_NUM}(?:万|千|百)?元|倍|百分之|[%％‰]")
_FINE_SET = re.compile(r"(?:处|罚)[^，。；]{0,60}?罚款|罚款[^，。；]{0,3}?" + _NUM)
# an amount that is no fine: a condition (违法所得五千元以上的, 不足一万元的, 货值金额…在五万元以上), a cap of the total or
# of a multiple (最高不超过三万元), a price or a bail
_CONDITION_BEFORE = re.compile(r"(?:不足|超过|达到|满|低于|高于|在|为|按|未达|以下|价值|金额|货值|所得|收入|营业额|价款|造价)$")
_CONDITION_AFTER = re.compile(r"^(?:以上|以下)?(?:的|不满|的[，,]|，|以上不满|（含）的)")
_CAP_BEFORE = re.compile(r"(?:不(?:得)?超过|最高|最多|累计|总额|合计|至多)[^，。；]{0,4}?$")
_PER_WORD = re.compile(r"每[^，。；]{0,12}?(?:人|日|天|株|棵|平方米|立方米|吨|辆|头|只|台|件|亩|次|份|箱|张|米|车|艘|处|座|项|批|户|名|个|公斤|千克|公顷|延长米|位)")
_CAP_AFTER = re.compile(rf"(?:最高|最多|总额|累计|合计|且)[^，。；]{{0,8}}?不(?:得)?超过[^，。；]{{0,4}}?{_NUM}(?:万|千|百)?元"
                        rf"|但[^，。；]{{0,6}}?不(?:得)?超过{_NUM}(?:万|千|百)?元")
_OWNER = re.compile(r"对(?:其)?[^，。；对]{0,16}?(?:单位|企业|公司|机构|个人|人员|负责人|代表人)(?=[，,]?(?:可以|可)?(?:并)?处)"
                    r"|(?:为|是|属于)(?:单位|个人)的")
_OWNER_AT = re.compile(r"对(?:其)?(单位|个人|直接负责的主管人员)(?=[，,]?(?:可以|可)?(?:并)?处)")
_SUBJECT_OF = {"单位": "单位", "个人": "个人", "直接负责的主管人员": "责任人员"}
_CAP_NEAR = re.compile(rf"[^。；]{{0,16}}?不(?:得)?超过[^，。；]{{0,4}}?{_NUM}(?:万|千|百)?元")
# a sentence about fines that sets none: hearings, on-the-spot decisions, collection, definitions, legislative powers
_PROCEDURE_WORDS = re.compile("听证|当场|简易程序|收缴|缴纳|决定书|较大数额|数额较大|设定|规定罚款|限额|是指|所称|罚金|以下的罚款的|罚款的")
_KIND_WORDS: dict[str, re.Pattern[str]] = {
    SanctionKind.CONFISCATE_GAINS.value: re.compile(r"没收(?:其)?(?:违法|非法)所得"),
    SanctionKind.CONFISCATE_PROPERTY.value: re.compile(r"没收(?:其)?(?:非法财物|违法物品|违禁|工具|设备|产品|商品|物品|药品|食品|器械|车辆|船舶|"
                                                       r"[^，。；违非所]{0,10}?(?:工具|设备|物品|产品|商品|器具|材料|原料|用具|设施))"),
    SanctionKind.REVOKE_LICENCE.value: re.compile(r"吊销[^，。；]{0,20}?(?:许可证|执照|证书|资格|证件|驾驶证)"),
    SanctionKind.SUSPEND_LICENCE.value: re.compile(r"暂扣[^，。；]{0,20}?(?:许可证|执照|证书|驾驶证|证件)"),
    SanctionKind.SUSPEND_BUSINESS.value: re.compile(r"责令(?:其)?(?:停产停业|停业整顿|停产整顿|停止营业)|停业整顿"),
    SanctionKind.RESTRICT_PRACTICE.value: re.compile(r"限制从业|(?:停止|暂停)执业|[一二三四五六七八九十\d]+年内不得(?:从事|担任)"),
}
_NEGATED = re.compile(r"被|不得|禁止|已|作出|决定|申请|经[^，。；]{0,4}?$")


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    for m in _SENTENCE.finditer(text):
        yield m.start(), m.end()


def _located(text: str, fines: list[Sanction]) -> list[tuple[int, Sanction]]:
    """Where each fine's words stand: the first occurrence after the fine before (they come in text order)."""
    out = []
    cursor = 0
    for s in fines:
        k = text.find(s.text, cursor)
        if k < 0:
            k = text.find(s.text)
        out.append((k, s))
        cursor = max(cursor, k + len(s.text))  # not inside the fine before (处… of 对个人处…)
    return out


def _occurrences(text: str, fines: list[Sanction]) -> list[tuple[int, int]]:
    """Every span of the text some fine's words cover (identical fines of an article are kept once)."""
    spans = []
    for s in fines:
        k = text.find(s.text)
        while k >= 0:
            spans.append((k, k + len(s.text)))
            k = text.find(s.text, k + 1)
    return spans


def _covered(k: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= k < b for a, b in spans)


def census(rows: Iterator[tuple[str, str]]) -> tuple[Counter[str], dict[str, list[str]], dict[str, list[list[object]]], dict[str, int]]:
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    dump: dict[str, list[list[object]]] = {}
    totals: Counter[str] = Counter()

    def flag(form: str, key: str, sentence: str, what: str = "") -> None:
        counts[form] += 1
        examples[form].append(f"{key}: {sentence.strip()}" + (f"  ⇒ {what}" if what else ""))

    for key, text in rows:
        info = analyse_penalty(text)
        if not info.is_penalty:
            for lo, hi in _sentences(text):
                sentence = text[lo:hi]
                if _FINE_SET.search(sentence) and _AMOUNT.search(sentence) and not _PROCEDURE_WORDS.search(sentence):
                    flag("article_missed", key, sentence)
                    break
        if not info.sanctions:
            continue
        dump[key] = [[s.kind.value, s.text, s.min_amount, s.max_amount, s.min_multiple, s.max_multiple,
                      s.multiple_base, s.per, s.subject] for s in info.sanctions]
        if not info.is_penalty:
            continue
        totals["penalty articles"] += 1
        fines = [s for s in info.sanctions if s.kind is SanctionKind.FINE]
        totals["fines"] += len(fines)
        kinds = {s.kind.value for s in info.sanctions}
        located = _located(text, fines)
        spans = _occurrences(text, fines)
        figures = {(s.min_amount, s.max_amount) for s in fines} | {(s.min_multiple, s.max_multiple) for s in fines}
        placed = _located(text, list(info.sanctions))
        for lo, hi in _sentences(text):
            sentence = text[lo:hi]
            here = [(k, s) for k, s in located if lo <= k < hi]
            covered = [(a, b) for a, b in spans if lo <= a < hi]
            shown = "; ".join(f"{s.text} [{s.min_amount}-{s.max_amount} x{s.min_multiple}-{s.max_multiple} "
                              f"{s.multiple_base} {s.per} {s.subject}]" for _, s in here) or "-"
            if "罚款" in sentence:
                totals["sentences with 罚款"] += 1
                amount = parse_amount_range(sentence)
                multiple = parse_multiple_range(sentence)
                if (_FINE_SET.search(sentence) and _FIGURE.search(sentence) and not covered
                        and amount not in figures and (multiple is None or multiple[:2] not in figures)):
                    flag("no_fine", key, sentence)
                for m in _AMOUNT.finditer(sentence):
                    k = lo + m.start()
                    if _covered(k, covered) or not covered:
                        continue
                    if (_CONDITION_BEFORE.search(sentence, 0, m.start()) or _CONDITION_AFTER.match(sentence[m.end():])
                            or _CAP_BEFORE.search(sentence, 0, m.start())):
                        continue
                    flag("figures_left", key, sentence, f"{m.group()} | {shown}")
                    break
            for k, s in here:
                if s.min_multiple is not None or s.max_multiple is not None:
                    if not s.multiple_base:
                        flag("multiple_no_base", key, sentence, shown)
                    tail = text[k + len(s.text):hi]
                    if s.max_amount is None and _CAP_AFTER.match(tail.lstrip("，,")) and s.per is None:
                        flag("cap_missing", key, sentence, shown)
                    if _CAP_AFTER.search(s.text) and s.max_amount is None:
                        flag("cap_missing", key, sentence, shown)
                if s.per is None and _PER_WORD.search(text, max(lo, k - 30), k + len(s.text)):
                    flag("per_missing", key, sentence, shown)
                for lo_v, hi_v in ((s.min_amount, s.max_amount), (s.min_multiple, s.max_multiple)):
                    if lo_v is not None and hi_v is not None and lo_v > hi_v:
                        flag("range_swapped", key, sentence, shown)
                own = [m for m in _AMOUNT.finditer(s.text) if not _CAP_BEFORE.search(s.text, 0, m.start())
                       and not _CONDITION_AFTER.match(s.text[m.end():])]
                # 违法所得一倍以上三倍以下或者一千元以上一万元以下: the amounts are a fine of their own of the same words
                amounts_read = [f for f in fines if f.text == s.text and None not in (f.min_amount, f.max_amount)]
                if len(own) > 2 or (len(own) == 2 and not amounts_read):
                    flag("fine_holds_more_figures", key, sentence, shown)
                amounts = [a for a in (s.min_amount, s.max_amount) if a is not None]
                if amounts and (("万元" in s.text and max(amounts) < 10_000) or ("千元" in s.text and max(amounts) < 1000)):
                    flag("unit_lost", key, sentence, shown)
                owner = _OWNER_AT.match(s.text)
                if owner and s.subject != _SUBJECT_OF[owner.group(1)]:
                    flag("subject_wrong", key, sentence, shown)
                values = [v for v in (s.min_amount, s.max_amount) if v is not None]
                if values and (min(values) < 1 or max(values) > 1e9):
                    flag("amount_implausible", key, sentence, shown)
                if s.min_amount is not None and s.min_amount == s.max_amount and re.search("以下|以上", s.text):
                    flag("range_read_flat", key, sentence, shown)
                if (s.min_multiple is not None or s.max_multiple is not None) and s.max_amount is None and s.per is None \
                        and _CAP_NEAR.match(text, k + len(s.text), hi):
                    flag("cap_missing_near", key, sentence, shown)
                if s.subject is None and _OWNER.search(text, lo, k):
                    flag("subject_missing", key, sentence, shown)
            if any(lo <= k < hi for k, _ in placed):
                for kind, pattern in _KIND_WORDS.items():
                    if kind in kinds:  # (one sanction of a kind per article and subject: not per sentence)
                        continue
                    word = pattern.search(sentence)
                    if word and not _NEGATED.search(sentence, max(0, word.start() - 6), word.start()):
                        flag(f"kind_missing:{kind}", key, sentence, word.group())
    return counts, examples, dump, dict(totals)


def _rows(data: Path) -> Iterator[tuple[str, str]]:
    store = SqliteStore(data / "current" / "graph.sqlite")
    try:
        for key, text in store.node_rows("Provision", ["text"]):
            if text and ("罚款" in text or "没收" in text or "吊销" in text or "暂扣" in text or "责令" in text
                         or "警告" in text or "从业" in text or "执业" in text or "拘留" in text):
                yield key, text
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Census of suspicious fine and kind forms over the corpus")
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("YIJU_DATA_DIR", "data")))
    ap.add_argument("--examples", type=int, default=0, help="examples to print per form")
    ap.add_argument("--form", help="print examples of this form only (prefix)")
    ap.add_argument("--dump", type=Path, help="write every article's sanctions (JSON)")
    ap.add_argument("--diff", type=Path, help="list the articles whose sanctions differ from this dump")
    args = ap.parse_args(argv)
    counts, examples, dump, totals = census(_rows(args.data))
    print(" ".join(f"{k}={v}" for k, v in totals.items()))
    for form, n in sorted(counts.items()):
        print(f"{form:28} {n:6d}")
    for form in sorted(examples):
        if args.examples and (args.form is None or form.startswith(args.form)):
            print(f"\n== {form}")
            print("\n".join(examples[form][: args.examples]))
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False), encoding="utf-8")
    if args.diff:
        old: dict[str, list[list[object]]] = json.loads(args.diff.read_text(encoding="utf-8"))
        changed = sorted(k for k in old.keys() | dump.keys() if old.get(k) != dump.get(k))
        print(f"\n{len(changed)} articles whose sanctions changed")
        for k in changed:
            print(f"\n{k}\n  - {old.get(k)}\n  + {dump.get(k)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
