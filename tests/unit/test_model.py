"""The provision identifier and numerals: round-trips and real labels."""

from datetime import date

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.model import Item, Paragraph, Provision, ProvisionId, statute_key
from kg.numerals import cn_to_int, int_to_cn

statutes = st.sampled_from(["城乡规划法", "城市市容和环境卫生管理条例", "浙江省城市市容和环境卫生管理条例", "刑法修正案（十一）"])
optional_small = st.one_of(st.none(), st.integers(1, 30))


@st.composite
def provision_ids(draw: st.DrawFn) -> ProvisionId:
    item = draw(optional_small)
    return ProvisionId(
        statute=draw(statutes),
        version=draw(st.one_of(st.none(), st.dates(date(1979, 1, 1), date(2030, 12, 31)))),
        article=draw(st.integers(1, 500)),
        suffix=draw(st.integers(0, 3)),
        paragraph=draw(optional_small),
        item=item,
        subitem=draw(optional_small) if item is not None else None,
    )


@given(provision_ids())
def test_provision_id_round_trips(pid: ProvisionId) -> None:
    assert ProvisionId.parse(str(pid)) == pid


@pytest.mark.parametrize("text", ["", "城乡规划法", "城乡规划法/art_0", "城乡规划法@2019-13-01/art_1",
                                  "城乡规划法/art_x", "/art_1", "城乡规划法/art_1/item_2/para_1"])
def test_malformed_ids_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        ProvisionId.parse(text)


def test_labels_read_as_citations() -> None:
    assert ProvisionId("刑法", None, 18, suffix=1).label == "第十八条之一"
    assert ProvisionId("城市道路管理条例", None, 27, item=1).label == "第二十七条第（一）项"
    assert ProvisionId("x", None, 110, paragraph=2).label == "第一百一十条第二款"


@given(st.integers(1, 99_999))
def test_numerals_agree_with_cn2an(n: int) -> None:
    text = int_to_cn(n)
    assert cn_to_int(text) == n
    assert cn2an.cn2an(text, "smart") == n


@pytest.mark.parametrize(("text", "value"), [("两千", 2000), ("二十万", 200_000), ("一百五十万", 1_500_000),
                                            ("一亿二千万", 120_000_000), ("５０", 50), ("十", 10)])
def test_amount_numerals(text: str, value: int) -> None:
    assert cn_to_int(text) == value


def test_statute_key_strips_national_prefix_and_brackets() -> None:
    assert statute_key("《中华人民共和国城乡规划法》") == "城乡规划法"
    assert statute_key("中华人民共和国") == "中华人民共和国"


def test_part_text_finds_paragraphs_and_items() -> None:
    pid = ProvisionId("城市市容和环境卫生管理条例", date(2017, 3, 1), 34)
    prov = Provision(pid, "第三十四条 有下列行为之一者……", (
        Paragraph("第三十四条 有下列行为之一者……", (Item(1, "（一）随地吐痰"), Item(6, "（六）运输液体"))),
        Paragraph("第二款"),
    ))
    assert prov.part_text(ProvisionId(pid.statute, pid.version, 34, paragraph=1, item=6)) == "（六）运输液体"
    assert prov.part_text(ProvisionId(pid.statute, pid.version, 34, item=1)) == "（一）随地吐痰"
    assert prov.part_text(ProvisionId(pid.statute, pid.version, 34, paragraph=2)) == "第二款"
    assert prov.part_text(ProvisionId(pid.statute, pid.version, 34, paragraph=3)) is None
    assert prov.part_text(ProvisionId(pid.statute, pid.version, 34, paragraph=1, item=9)) is None


def test_provision_parts_round_trip_on_real_statutes(shared_dir) -> None:
    """Paragraphs stored as spans of the article text come back equal (kg.graph_build.encode_parts)."""
    from ingest.decode import read_statute_file
    from ingest.statutes import parse_statute
    from kg.errors import ParseError
    from kg.graph_build import provision_from_props, provision_props

    laws = shared_dir / "corpus" / "laws"
    files = sorted(laws.rglob("*.md"))[::150][:20]
    checked = spans = 0
    for f in files:
        text, source = read_statute_file(f, laws)
        try:
            parsed = parse_statute(text, source)
        except ParseError:  # rejected files are another test's business
            continue
        for p in parsed.provisions:
            props = provision_props(p, "v")
            back = provision_from_props({**props, "key": str(p.id)})
            assert back == p, str(p.id)
            assert "paragraphs" not in props
            checked += 1
            spans += props["parts"].count("[")
    assert checked > 500 and spans > checked


def test_provision_parts_keep_text_that_is_not_a_span() -> None:
    from kg.graph_build import provision_from_props, provision_props
    from kg.model import Item, Paragraph, Provision

    p = Provision(ProvisionId("法", None, 3), "第三条 全文", (
        Paragraph("不在正文里的款", (Item(1, "(一)也不在", ("1.目",)),)), Paragraph("全文")))
    back = provision_from_props({**provision_props(p, "v"), "key": str(p.id)})
    assert back == p
