"""Normalisation and tokenisation shared by every index (kg/analysis.py)."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.analysis import (
    STOPWORDS,
    dictionary_signature,
    ensure_jieba_ready,
    in_dictionary,
    legal_terms,
    normalize,
    tokenize,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("中華人民共和國城鄉規劃法", "中华人民共和国城乡规划法"),
        ("第６４条", "第64条"),
        ("ＡＢＣ", "abc"),
        ("（一）", "(一)"),
        ("《城市道路管理条例》第二十七条、第四十二条", "《城市道路管理条例》第二十七条,第四十二条"),
        ("“占道经营”", '"占道经营"'),
        ("噪聲\u3000擾民", "噪声 扰民"),
        ("  \n\t ", ""),
        ("著作权法", "著作权法"),  # simplified text stays as it is
    ],
)
def test_normalize_folds_variants(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_keeps_length_of_simplified_text() -> None:
    text = "第六十四条 未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的，"
    assert len(normalize(text)) == len(text)


def test_tokenize_traditional_and_full_width_like_simplified() -> None:
    assert tokenize("未取得建設工程規劃許可證") == tokenize("未取得建设工程规划许可证")
    assert tokenize("违反本法第６４条") == tokenize("违反本法第64条")


def test_tokenize_drops_punctuation_space_and_stopwords() -> None:
    toks = tokenize("有人在人行道上，摆摊！！ 😀 的 了")
    assert "摆摊" in toks
    assert not any(t in STOPWORDS for t in toks)
    assert not any(ch in "，！ 😀" for t in toks for ch in t)


def test_tokenize_emits_dictionary_words_inside_long_terms() -> None:
    toks = tokenize("未取得建设工程规划许可证进行建设")
    for word in ("建设工程规划许可证", "建设", "工程", "规划", "许可证"):
        assert word in toks


def test_legal_terms_are_loaded_as_words() -> None:
    terms = dict(legal_terms())
    assert terms.get("建设工程规划许可证", 0) > 0
    assert in_dictionary("露天焚烧")
    assert "建筑垃圾" in tokenize("工地乱倒建筑垃圾")


def test_empty_and_odd_input() -> None:
    assert tokenize("") == []
    assert tokenize("。。。！？") == []
    assert tokenize("AND OR NOT * : ( )") == ["and", "or", "not"]
    assert tokenize("a" * 5000)  # very long ASCII does not break


def test_ensure_jieba_ready_is_idempotent_and_adds_titles() -> None:
    ensure_jieba_ready()
    before = dictionary_signature()
    ensure_jieba_ready()
    assert dictionary_signature() == before
    ensure_jieba_ready(["测试专用管理条例甲"])
    assert in_dictionary("测试专用管理条例甲")
    assert dictionary_signature() != before
    ensure_jieba_ready(["测试专用管理条例甲"])  # known words: no change


def test_module_functions_pickle_for_worker_pools() -> None:
    assert pickle.loads(pickle.dumps(tokenize)) is tokenize


def _tokens_in_worker(text: str) -> list[str]:
    return tokenize(text)


def test_tokenize_in_process_pool_matches_parent() -> None:
    texts = ["田里烧秸秆", "渣土车沿路撒", "未取得建设工程规划许可证"]
    with ProcessPoolExecutor(max_workers=2, initializer=ensure_jieba_ready) as pool:
        assert list(pool.map(_tokens_in_worker, texts)) == [tokenize(t) for t in texts]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_tokenize_never_fails_and_is_pure(text: str) -> None:
    first = tokenize(text)
    assert first == tokenize(text)
    assert all(t and " " not in t for t in first)
    assert normalize(normalize(text)) == normalize(text)


# -- the block memo: tokenize must cut exactly as one jieba pass over the whole text --------

_MIXED = st.text(
    alphabet=st.sampled_from(list("违反本法规定未取得建设工程规划许可证进行占道经营摆摊设点噪声扰民城市道路管理条例第六十四条")
                             + list("，。、；：（）《》“” \n\t-_.%#&+") + list("0123456789abcXYZ") + ["\u3400", "𠀀"]),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_tokenize_with_block_memo_equals_one_pass(text: str) -> None:
    from kg.analysis import _tokenize_whole

    first = tokenize(text)
    assert first == _tokenize_whole(text)
    assert tokenize(text) == first  # from the memo the second time


def test_tokenize_with_block_memo_equals_one_pass_on_real_statutes(shared_dir) -> None:
    from kg.analysis import _tokenize_whole

    files = sorted((shared_dir / "corpus" / "laws").rglob("*.md"))[::300][:12]
    assert files
    for f in files:
        text = f.read_text("utf-8", errors="replace")[:6000]
        assert tokenize(text) == _tokenize_whole(text), f.name


def test_block_memo_forgets_cuts_when_the_dictionary_grows() -> None:
    phrase = "蜂窝煤渣堆放点"  # not one word in jieba's dictionary
    before = tokenize(phrase)
    assert phrase not in before
    ensure_jieba_ready([phrase])
    assert phrase in tokenize(phrase)


def test_fused_block_cut_equals_jieba_on_real_statutes(shared_dir) -> None:
    """kg.analysis._cut_for_search_block is jieba's cut_for_search, word for word."""
    import re

    from kg import analysis

    ensure_jieba_ready()
    han = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
    files = sorted((shared_dir / "corpus" / "laws").rglob("*.md"))[7::120][:30]
    blocks = 0
    for f in files:
        for block in han.findall(normalize(f.read_text("utf-8", errors="replace"))):
            expected = list(analysis._tokenizer.cut_for_search(block, HMM=True))
            assert analysis._cut_for_search_block(block) == expected, block
            blocks += 1
    assert blocks > 1000


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单家装备线视米验离夫妇亿组织查环境质量电话拍照违反规定处罚款摆摊设点经营占道噪声扰民")),
               min_size=1, max_size=60))
def test_fused_block_cut_equals_jieba_on_random_text(text: str) -> None:
    from kg import analysis

    ensure_jieba_ready()
    assert analysis._cut_for_search_block(text) == list(analysis._tokenizer.cut_for_search(text, HMM=True))
