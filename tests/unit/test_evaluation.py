"""Search-quality cases as data: loading, scoring and reporting (kg/evaluation.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.errors import InvalidInput
from kg.evaluation import EvalCase, Expected, evaluate, format_report, is_held_out, load_cases, split_cases
from kg.search import Hit, SearchResult

REPO = Path(__file__).resolve().parents[2]
SHARED_DEV = REPO.parent / "shared" / "eval" / "dev.yaml"
COLLOQUIAL = REPO / "tests" / "eval" / "colloquial.yaml"
PATROL = REPO / "tests" / "eval" / "patrol.yaml"

GOOD = """
cases:
- id: a
  query: 对擅自占用城市绿地的行政处罚
  region: 广东省深圳市
  expected:
  - law: 城市绿化条例
    article: 27
    role: penalty
- id: b
  query: 第十八条之一
  expected:
  - {law: 中华人民共和国刑法, article: 18, suffix: 1}
"""


def hit(pid: str, title: str, article: str, kind: str = "provision") -> Hit:
    statute = pid.split("@")[0].split("/")[0]
    return Hit(provision_id=pid, kind=kind, statute_key=statute, statute_title=title, article=article,
               version=None, level="", region=None, score=1.0, snippet="", text="", is_penalty=False)


class FakeIndex:
    """Answers from a table; knows one alias, like WhooshIndex.statute_names()."""

    def __init__(self, answers: dict[str, list[Hit]]) -> None:
        self.answers = answers
        self.calls: list[dict[str, object]] = []

    def statute_names(self) -> dict[str, list[str]]:
        return {"中华人民共和国刑法": ["刑法"], "刑法": ["刑法"]}

    def search(self, query: str, **kw: object) -> SearchResult:
        self.calls.append({"query": query, **kw})
        return SearchResult(query, list(self.answers.get(query, [])))


def write(tmp_path: Path, text: str, name: str = "cases.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_load_cases(tmp_path: Path) -> None:
    cases = load_cases(write(tmp_path, GOOD))
    assert [c.id for c in cases] == ["a", "b"]
    assert cases[0].region == "广东省深圳市"
    assert cases[0].expected[0] == Expected(law="城市绿化条例", article=27, role="penalty")
    assert cases[1].expected[0].suffix == 1
    assert cases[1].expected[0].label == "中华人民共和国刑法第十八条之一"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("cases: [", "不是有效的 YAML"),
        ("- 1\n- 2\n", "cases 列表"),
        ("cases: []", "为空"),
        ("cases:\n- id: x\n  expected: [{law: 甲法, article: 1}]\n", "缺少 query"),
        ("cases:\n- id: x\n  query: 查\n", "缺少 expected"),
        ("cases:\n- id: x\n  query: 查\n  expected: [{article: 1}]\n", "缺少 law"),
        ("cases:\n- id: x\n  query: 查\n  expected: [{law: 甲法, article: 六十四}]\n", "article 应为整数"),
        ("cases:\n- id: x\n  query: 查\n  expected: [{law: 甲法}]\n", "缺少 article"),
        (("cases:\n- {id: x, query: 查, expected: [{law: 甲法, article: 1}]}\n"
         "- {id: x, query: 查, expected: [{law: 甲法, article: 1}]}\n"), "id 重复"),
        ("cases:\n- {id: x, query: 查, as_of: 2020-99-01, expected: [{law: 甲法, article: 1}]}\n", "无法解析"),
    ],
)
def test_bad_files_give_chinese_errors(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(InvalidInput) as err:
        load_cases(write(tmp_path, text))
    assert needle in err.value.message
    assert err.value.code == "EVAL_FILE_INVALID"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        load_cases(tmp_path / "nope.yaml")
    assert err.value.code == "EVAL_FILE_NOT_FOUND" and "找不到评测文件" in err.value.message


def test_recall_and_mrr() -> None:
    cases = [
        EvalCase("first", "q1", (Expected("城市绿化条例", 27),), region="广东省深圳市"),
        EvalCase("third", "q2", (Expected("中华人民共和国刑法", 18, suffix=1),)),
        EvalCase("late", "q3", (Expected("城市绿化条例", 19),)),
        EvalCase("missing", "q4", (Expected("城市绿化条例", 99),)),
    ]
    item = hit("catalog/1", "", "", kind="item")
    answers = {
        "q1": [hit("城市绿化条例@2017-03-01/art_27", "城市绿化条例", "第二十七条")],
        # items are skipped when ranking; 第十八条 is not 第十八条之一; an alias matches the title
        "q2": [item, hit("刑法@2020-12-26/art_18", "中华人民共和国刑法", "第十八条"),
               hit("刑法@2020-12-26/art_17", "中华人民共和国刑法", "第十七条"),
               hit("刑法@2020-12-26/art_18-1", "中华人民共和国刑法", "第十八条之一")],
        "q3": [hit(f"其他法/art_{i}", "其他法", f"第{i}条") for i in range(1, 7)]
        + [hit("城市绿化条例/art_19", "城市绿化条例", "第十九条")],
    }
    index = FakeIndex(answers)
    report = evaluate(index, cases, k=5)
    ranks = {d.case.id: d.rank for d in report.details}
    assert ranks == {"first": 1, "third": 3, "late": 7, "missing": None}
    assert report.recall_at_k == pytest.approx(2 / 4)
    assert report.mrr == pytest.approx((1 + 1 / 3 + 1 / 7) / 4)
    assert index.calls[0] == {"query": "q1", "region": "广东省深圳市", "as_of": None, "limit": 20}
    assert report.misses[0].case.id == "late"
    text = format_report(report, title="测试 ", verbose=True)
    assert "recall@5 = 0.500" in text and "✗ [missing]" in text and "期望：城市绿化条例第九十九条" in text
    assert report.to_dict(verbose=True)["details"][1]["rank"] == 3


def test_custom_search_function() -> None:
    cases = [EvalCase("a", "q", (Expected("城市绿化条例", 27),))]
    seen: list[str] = []

    def run(query: str, **kw: object) -> SearchResult:
        seen.append(query)
        return SearchResult(query, [hit("城市绿化条例/art_27", "城市绿化条例", "第二十七条")])

    report = evaluate(FakeIndex({}), cases, k=1, search=run)
    assert seen == ["q"] and report.recall_at_k == 1.0 and report.mrr == 1.0


@pytest.mark.parametrize("path", [SHARED_DEV, COLLOQUIAL, PATROL], ids=["dev", "colloquial", "patrol"])
def test_shipped_case_files_load(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not present")
    cases = load_cases(path)
    assert len(cases) >= 38
    assert all(c.expected for c in cases)


def test_colloquial_cases_are_reasoned_and_varied() -> None:
    import yaml

    raw = yaml.safe_load(COLLOQUIAL.read_text(encoding="utf-8"))["cases"]
    assert len(raw) >= 60
    assert all(c.get("reasoning") for c in raw)
    domains = {c.get("domain") for c in raw}
    for d in ("市容环卫", "城乡规划", "环保", "市场监管", "农业", "林业", "水利", "交通", "文旅", "卫健", "消防", "殡葬", "土地"):
        assert d in domains
    assert all(e.get("evidence") for c in raw for e in c["expected"])


def _assert_evidence_verbatim(raw_cases: list[dict[str, Any]]) -> None:
    """Every evidence string occurs in the statute file it names (read from the shared corpus)."""
    laws = REPO.parent / "shared" / "corpus" / "laws"
    if not laws.exists():
        pytest.skip("shared corpus not present")
    texts: dict[str, str] = {}
    for c in raw_cases:
        for e in c["expected"]:
            text = texts.setdefault(e["file"], (laws / e["file"]).read_text(encoding="utf-8"))
            assert e["evidence"] in text, (c["id"], e["file"], e["evidence"])


@pytest.mark.corpus
def test_colloquial_evidence_is_verbatim() -> None:
    """Every evidence string occurs in the statute file it names (read from the shared corpus)."""
    import yaml

    _assert_evidence_verbatim(yaml.safe_load(COLLOQUIAL.read_text(encoding="utf-8"))["cases"])


def test_patrol_set_size_domains_and_regions() -> None:
    import yaml

    raw = yaml.safe_load(PATROL.read_text(encoding="utf-8"))["cases"]
    assert len(raw) >= 300
    assert len({c["query"] for c in raw}) == len(raw)
    assert all(c.get("reasoning") and c.get("domain") for c in raw)
    assert len({c["domain"] for c in raw}) >= 25
    with_region = [c for c in raw if c.get("region")]
    assert all(c["region"].startswith("浙江省") for c in with_region)
    assert 0.4 <= len(with_region) / len(raw) <= 0.6
    assert all(e.get("evidence") and e.get("file") for c in raw for e in c["expected"])


def _frozen_held_out_hashes(path: Path) -> set[str]:
    import re

    return set(re.findall(r"^#\s+([0-9a-f]{64})\s*$", path.read_text(encoding="utf-8"), flags=re.MULTILINE))


def test_patrol_held_out_split_is_the_frozen_one() -> None:
    """The split rule still selects exactly the held-out queries whose hashes were written when it was frozen."""
    import hashlib

    frozen = _frozen_held_out_hashes(PATROL)
    cases = load_cases(PATROL)
    held = split_cases(cases, "held-out")
    tuning = split_cases(cases, "tuning")
    assert len(held) + len(tuning) == len(cases) and not {c.id for c in held} & {c.id for c in tuning}
    assert {hashlib.sha256(c.query.encode("utf-8")).hexdigest() for c in held} == frozen
    assert len(frozen) >= len(cases) // 4


def test_split_rule_and_bad_split() -> None:
    cases = [EvalCase(id=str(n), query=f"查询{n}", expected=(Expected("法", 1),)) for n in range(60)]
    held = split_cases(cases, "held-out")
    assert held and len(held) < len(cases) and all(is_held_out(c.query) for c in held)
    assert split_cases(cases) == cases
    with pytest.raises(InvalidInput) as exc:
        split_cases(cases, "dev")
    assert exc.value.code == "EVAL_SPLIT_INVALID"


@pytest.mark.corpus
def test_patrol_evidence_is_verbatim() -> None:
    import yaml

    _assert_evidence_verbatim(yaml.safe_load(PATROL.read_text(encoding="utf-8"))["cases"])


NEWER_SETS = ("patrol2", "patrol3a", "patrol3b", "patrol3c", "patrol4a", "patrol4h", "patrol5a", "patrol5b",
              "patrol6a", "patrol6b", "patrol6c", *(f"patrol7{part}" for part in "abcdefgh"),
              *(f"patrol8{part}" for part in "abcdefgh"), *(f"patrol9{part}" for part in "abcdefgh"),
              *(f"heldout10{part}" for part in "abc"))
# wholly held out: the header lists the sha256 of every query
HELD_OUT_SETS = ("patrol2", "patrol4h", *(f"heldout10{part}" for part in "abc"))


@pytest.mark.corpus
@pytest.mark.parametrize("name", NEWER_SETS)
def test_newer_phrasing_sets_load_and_quote_their_statutes(name: str) -> None:
    """Each later officer-phrasing set loads, has unique reasoned queries, and every evidence string occurs in the
    statute file it names; a held-out set's queries are exactly the ones whose hashes its header froze."""
    import hashlib

    import yaml

    from kg.search.policy import in_a_province

    path = REPO / "tests" / "eval" / f"{name}.yaml"
    cases = load_cases(path)
    assert len(cases) >= 100 and len({c.query for c in cases}) == len(cases)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    assert all(c.get("reasoning") and c.get("domain") for c in raw)
    # a region is written down from its province (浙江省衢州市, 河南省信阳市), as the search places it
    assert all(in_a_province(c["region"]) for c in raw if c.get("region"))
    _assert_evidence_verbatim(raw)
    hashes = {hashlib.sha256(c.query.encode("utf-8")).hexdigest() for c in cases}
    if name in HELD_OUT_SETS:
        assert hashes == _frozen_held_out_hashes(path)
    else:
        assert "TUNING" in path.read_text(encoding="utf-8")[:3000]


def test_no_held_out_set_is_trained_on() -> None:
    """The ranker's training sets (bench/train_ranker.py) never include a held-out set, and of the patrol set
    only its tuning part."""
    import bench.train_ranker as tr

    names = {p.stem: part for p, part in tr.TRAINING_SETS}
    assert not set(HELD_OUT_SETS) & set(names)
    assert names["patrol"] == "tuning" and all(part == "all" for n, part in names.items() if n != "patrol")
    assert "dev" not in names and all(p.parent.name == "eval" and p.parent.parent.name == "tests"
                                      for p, _ in tr.TRAINING_SETS)
