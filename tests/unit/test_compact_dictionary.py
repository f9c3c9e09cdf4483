"""The memory-mapped jieba dictionary (kg/compact_dictionary.py) is jieba's own, word for word."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from kg import analysis, compact_dictionary
from kg.analysis import cut_words, ensure_jieba_ready, legal_terms, tokenize


@pytest.fixture(scope="module")
def full_tokenizer():  # type: ignore[no-untyped-def]
    """jieba's tokenizer built the ordinary way, with the legal terms."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word, freq in legal_terms():
        tk.add_word(word, freq)
    return tk


def test_compact_dictionary_holds_exactly_the_full_one(full_tokenizer) -> None:  # type: ignore[no-untyped-def]
    ensure_jieba_ready()  # writes the compact form if this machine has none yet
    got = compact_dictionary.load(compact_dictionary.cache_key(legal_terms()))
    assert got is not None
    freq, total = got
    assert total == full_tokenizer.total
    assert freq.to_dict() == full_tokenizer.FREQ
    words = random.Random(7).sample(sorted(full_tokenizer.FREQ), 3000)
    for w in words:  # lookups by binary search: the same values, absent words absent
        assert freq.get(w) == full_tokenizer.FREQ[w] and w in freq
        for probe in (w + "鿿", w + "a", "\0" + w):
            assert freq.get(probe) == full_tokenizer.FREQ.get(probe)
            assert (probe in freq) == (probe in full_tokenizer.FREQ)
    assert freq.get("") is None and freq.get("x" * 500) is None


def test_added_words_go_on_top(full_tokenizer) -> None:  # type: ignore[no-untyped-def]
    got = compact_dictionary.load(compact_dictionary.cache_key(legal_terms()))
    assert got is not None
    freq, _ = got
    freq["蜂窝煤渣堆放点"] = 4000
    assert freq["蜂窝煤渣堆放点"] == 4000 and "蜂窝煤渣堆放点" not in full_tokenizer.FREQ
    with pytest.raises(KeyError):
        _ = freq["不是词的一串字鿿"]


def test_cuts_are_the_same_before_and_after_the_ordinary_dict_is_built(shared_dir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba

    ensure_jieba_ready()
    got = compact_dictionary.load(compact_dictionary.cache_key(legal_terms()))
    assert got is not None
    tk = jieba.Tokenizer()  # a process that starts on the compact dictionary
    tk.FREQ, tk.total = got
    tk.initialized = True
    monkeypatch.setattr(analysis, "_tokenizer", tk)
    monkeypatch.setattr(analysis, "_block_memo", {})
    monkeypatch.setattr(analysis, "_log_probs", None)
    analysis._build_log_probs()
    files = sorted((shared_dir / "corpus" / "laws").rglob("*.md"))[5::400][:8]
    texts = [f.read_text("utf-8", errors="replace")[:3000] for f in files]
    texts += ["在人行道上摆摊设点", "村里有人未批先建", "噪聲擾民", "蜂窝煤渣堆放点乱倒垃圾"]
    compact = [(tokenize(t), cut_words(t)) for t in texts]
    assert isinstance(tk.FREQ, compact_dictionary.CompactFreq)
    monkeypatch.setattr(analysis, "_COMPACT_MISSES_LIMIT", 0)
    tokenize("促使")  # the next cut builds the ordinary dicts
    assert isinstance(tk.FREQ, dict) and isinstance(analysis._log_probs, dict)
    analysis._block_memo.clear()
    assert [(tokenize(t), cut_words(t)) for t in texts] == compact
    assert any(len(t) > 100 for t, _ in compact)
