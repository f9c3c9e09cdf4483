"""Which synonym triggers fire for a query: found by their first two characters, in the vocabulary's order."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.analysis import cut_words, normalize
from kg.evaluation import load_cases
from kg.search.synonyms import Synonyms, _in_order, load_synonyms

REPO = Path(__file__).resolve().parents[2]


def _scan(syn: Synonyms, text: str, tokens: Sequence[str], words: Sequence[str]) -> list[tuple[str, str]]:
    """The reference: every trigger of the vocabulary tried in turn, as ``expand`` did before its index."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    compact = text.replace(" ", "")
    for trigger, idxs in syn.triggers.items():
        if len(trigger) == 1:
            hit = trigger in set(tokens)
        else:
            ws = syn._trigger_words(trigger)
            hit = trigger in compact or (len(ws) >= 2 and _in_order(ws, words))
        if not hit:
            continue
        for i in idxs:
            e = syn.entries[i]
            for t in (e.legal if trigger in e.terms else e.terms):
                if t != trigger and t not in seen and t not in compact:
                    seen.add(t)
                    found.append((trigger, t))
    return found


def _write(tmp_path: Path, body: str) -> Synonyms:
    path = tmp_path / "synonyms.yaml"
    path.write_text(body, encoding="utf-8")
    return load_synonyms(path)


def test_triggers_anywhere_in_the_text_longest_first(tmp_path: Path) -> None:
    syn = _write(tmp_path, """entries:
- {terms: [摆摊], legal: [设摊经营]}
- {terms: [摆摊卖菜], legal: [占道经营]}
- {terms: [狗], legal: [犬只]}
- {terms: [灭火器过期], legal: [消防器材失效]}
""")
    text = "桥头有人摆摊卖菜还牵着狗"
    words = cut_words(text)
    got = syn.expand(text, words, words)
    assert got == _scan(syn, text, words, words)
    assert [t for t, _ in got][:2] == ["摆摊卖菜", "摆摊"]  # the longer trigger first, as the vocabulary orders
    assert ("摆摊", "设摊经营") in got
    assert syn.expand("牵着狗", ["牵着", "狗"], ["牵着", "狗"]) == [("狗", "犬只")]
    assert syn.expand("卖狗肉", ["卖", "狗肉"], ["卖", "狗肉"]) == []  # one character: only as a token
    at_end = syn.expand("路边摆摊", ["路边", "摆摊"], ["路边", "摆摊"])
    assert at_end == [("摆摊", "设摊经营")]  # a trigger that ends the text
    apart = ["灭火器", "都", "过期", "了"]  # the words of a trigger in order, a word between them
    assert syn.expand("灭火器都过期了", apart, apart) == [("灭火器过期", "消防器材失效")]
    assert syn.expand("", [], []) == []


def test_the_shipped_vocabulary_fires_as_a_scan_of_it_on_officer_phrasings() -> None:
    syn = load_synonyms()
    queries = [c.query for name in ("patrol3a", "patrol7c", "patrol9h")
               for c in load_cases(REPO / "tests" / "eval" / f"{name}.yaml")]
    fired = 0
    for q in queries:
        text = normalize(q).replace(" ", "")
        words = cut_words(text)
        got = syn.expand(text, words, words)
        assert got == _scan(syn, text, words, words), q
        fired += bool(got)
    assert len(queries) > 300 and fired > len(queries) // 3
