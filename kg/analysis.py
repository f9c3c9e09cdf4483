"""Text normalisation and tokenisation, shared by every index that Yiju keeps.

The same two functions run at index time (the pipeline tokenises provisions
once, in worker processes), at query time (``kg.search``), for the Neo4j
full-text index and for the SQLite FTS5 baseline, so that a word is cut the
same way wherever it is looked up.

``normalize`` folds the surface variants an officer may type or a statute
file may carry: traditional characters (opencc ``t2s``), full-width ASCII and
digits, upper case, and the many forms of Chinese punctuation.

``tokenize`` normalises, cuts with jieba in *search mode* (each long word is
also emitted as the dictionary words inside it: 建设工程规划许可证 gives
建设, 工程, 规划, 许可, 许可证 and the whole word), and drops punctuation,
whitespace and stop words.  Search mode makes matching robust to the way a
long legal term is cut in one sentence and not in another.

Initialisation is lazy and idempotent: nothing is loaded at import time, so
the module pickles cheaply into a ``multiprocessing`` pool.  Every process
that tokenises must see the same dictionary: call
``ensure_jieba_ready(extra_words)`` with the same words (statute titles and
aliases) in the pool initializer and in the process that searches.

>>> normalize("中華人民共和國城鄉規劃法（２０１９）")
'中华人民共和国城乡规划法(2019)'
>>> tokenize("有人在人行道上摆摊")
['有人', '人行', '行道', '人行道', '摆摊']
>>> "许可证" in tokenize("未取得建设工程规划许可证")
True
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = [
    "STOPWORDS",
    "dictionary_signature",
    "ensure_jieba_ready",
    "is_traditional_free",
    "legal_terms",
    "normalize",
    "tokenize",
]

LEGAL_TERMS_PATH = Path(__file__).resolve().parent.parent / "ontologies" / "legal_terms.txt"

# --------------------------------------------------------------------------
# normalize
# --------------------------------------------------------------------------

# Chinese punctuation that full-width folding does not cover, mapped to one form.
_PUNCT_MAP = {
    "、": ",", "。": ".", "｡": ".", "．": ".",
    "“": '"', "”": '"', "„": '"', "‟": '"', "〝": '"', "〞": '"', "「": '"', "」": '"',
    "『": '"', "』": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'",
    "【": "[", "】": "]", "〔": "[", "〕": "]", "〖": "[", "〗": "]", "［": "[", "］": "]",
    "〈": "《", "〉": "》", "«": "《", "»": "》", "﹝": "(", "﹞": ")",
    "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "‒": "-", "─": "-", "━": "-", "－": "-",
    "…": "...", "⋯": "...", "～": "~", "〜": "~", "·": "·", "•": "·", "・": "·",
    "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": "",
}


def _build_translation() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[code] = chr(code - 0xFEE0)
    for src, dst in _PUNCT_MAP.items():
        table[ord(src)] = dst
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for code in range(0xFF21, 0xFF3B):  # full-width capitals straight to lower case
        table[code] = chr(code - 0xFEE0 + 32)
    return table


_TRANSLATION = _build_translation()
# width and case only, character for character: positions in the result are positions in the input
_ALIGN_TRANSLATION = {k: v for k, v in _TRANSLATION.items() if len(v) == 1 and chr(k) not in _PUNCT_MAP}
_SPACES = re.compile(r"\s+")

_t2s_lock = threading.Lock()
_t2s: Any = None  # opencc.OpenCC('t2s'), loaded on first traditional text
_traditional_chars: frozenset[str] | None = None


def _load_t2s() -> tuple[Any, frozenset[str]]:
    global _t2s, _traditional_chars
    if _t2s is None or _traditional_chars is None:
        with _t2s_lock:
            if _t2s is None or _traditional_chars is None:
                import opencc

                converter = opencc.OpenCC("t2s")
                chars: set[str] = set()
                dictionary = Path(opencc.__file__).parent / "dictionary"
                # characters whose own conversion changes them; phrase rules (反覆 -> 反复) only
                # matter in text that has such characters anyway, and 覆 alone is simplified
                path = dictionary / "TSCharacters.txt"
                if path.exists():
                    for line in path.read_text(encoding="utf-8").splitlines():
                        parts = line.split("\t")
                        if len(parts) >= 2 and parts[0] != parts[1].split(" ")[0]:
                            chars.add(parts[0])
                _traditional_chars = frozenset(chars)
                _t2s = converter
    return _t2s, _traditional_chars


def longest_first(word: str) -> tuple[int, str]:
    """Sort key for matching words by longest first, ties in code-point order, so that the order never depends
    on a set's iteration order (the hash seed): replacing or matching in that order gives one answer per run.

    >>> sorted({"处罚", "罚", "怎么处罚", "怎么"}, key=longest_first)
    ['怎么处罚', '处罚', '怎么', '罚']
    """
    return -len(word), word


def is_traditional_free(text: str) -> bool:
    """True when no character of ``text`` would change under ``t2s``."""
    _, chars = _load_t2s()
    return chars.isdisjoint(text)


def normalize(text: str) -> str:
    """Fold script, width, case and punctuation variants; collapse whitespace.

    Traditional characters become simplified only when the text has some
    (the common case, simplified text, costs one set test).  The result keeps
    the length of the input for simplified text, which lets snippets map
    positions back onto the original.

    >>> normalize("ＡＢＣ１２３，“占道”【经营】")
    'abc123,"占道"[经营]'
    >>> normalize("  城市\\u3000道路\\n管理  ")
    '城市 道路 管理'
    """
    if not text:
        return ""
    out = unicodedata.normalize("NFC", text) if not text.isascii() else text
    out = out.translate(_TRANSLATION)
    converter, chars = _load_t2s()
    if not chars.isdisjoint(out):
        out = converter.convert(out)
    return _SPACES.sub(" ", out).strip()


def normalize_aligned(text: str) -> str:
    """Width, case and script folded character for character: same length as ``text``.

    >>> normalize_aligned("第６４条，ＡＢ……")
    '第64条,ab……'

    Used to find query terms inside a stored text for highlighting: when the
    result has the input's length, position *i* of both strings is the same
    character.
    """
    if not text:
        return ""
    out = text.translate(_ALIGN_TRANSLATION)
    converter, chars = _load_t2s()
    if not chars.isdisjoint(out):
        converted = converter.convert(out)
        if len(converted) == len(out):
            out = converted
    return out


# --------------------------------------------------------------------------
# tokenize
# --------------------------------------------------------------------------

# Function words and fillers that carry no legal meaning.  Kept small on
# purpose: legal boilerplate (违反, 规定, 罚款 ...) is left to IDF at index
# time and weighted down by the query builder in ``kg.search``.
STOPWORDS: frozenset[str] = frozenset(
    ["的", "了", "和", "与", "及", "或", "或者", "以及", "并", "并且", "而", "而且", "且", "即", "等", "等等", "之", "其", "其他", "其它", "该", "此", "这", "那", "这些", "那些", "这个", "那个", "这种", "那种", "是", "为", "为了", "在", "于", "对", "对于", "向", "从", "自", "由", "把", "被", "将", "给", "让", "使", "用", "以", "按", "按照", "依照", "根据", "有", "有的", "没有", "无", "也", "都", "又", "还", "就", "才", "只", "仅", "已", "已经", "曾", "要", "会", "能", "可", "可以", "应", "应当", "须", "必须", "得", "地", "着", "过", "吗", "呢", "吧", "啊", "呀", "哦", "嗯", "哈", "么", "嘛", "个", "上", "下", "里", "中", "内", "外", "前", "后", "时", "时候", "一", "一个", "一些", "某", "某些", "各", "各种", "每", "任何", "所", "所有", "凡", "如", "如果", "若", "则", "但", "但是", "不过", "因", "因为", "所以", "因此", "即使", "虽然", "以上", "以下", "之一", "之间", "者", "人", "们", "我", "你", "他", "她", "它", "我们", "你们", "他们", "她们", "咱们", "自己", "大家", "请问", "问", "请", "怎么", "怎么办", "怎样", "如何", "什么", "哪", "哪里", "哪个", "哪些", "谁", "多少", "几", "是否", "能否", "可否", "啥", "咋", "该怎么", "算", "属于", "情况", "问题", "一下", "这样", "那样", "那么", "这么", "非常", "很", "太", "比较", "更", "最"]
)

_TOKEN_OK = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")

_jieba_lock = threading.Lock()
_tokenizer: Any = None  # a private jieba.Tokenizer, so other users of jieba are not affected
_added_words: set[str] = set()
_signature = hashlib.sha1()
# jieba cuts a text block by block (runs of han characters, letters and digits between
# punctuation and spaces), each block on its own: the tokens of a block are a function of the
# block and the dictionary.  Statutes repeat blocks a lot (titles before every article, legal
# boilerplate), so tokenize keeps them: 44 % of the corpus's characters are repeats.
_BLOCK_MEMO_LIMIT = 300_000
_block_memo: dict[str, tuple[str, ...]] = {}
# jieba's prefix dictionary with log probabilities: word -> log(freq) - log(total), a prefix that
# is no word -> None (see _cut_block)
_log_probs: dict[str, float | None] | None = None


# A process starts on the compact (memory-mapped) dictionary, see kg.compact_dictionary, and builds
# the ordinary dicts once it has looked up this many distinct fragments (it cuts a lot: the pipeline).
_COMPACT_MISSES_LIMIT = 200_000


def _build_log_probs() -> None:
    global _log_probs
    tk = _tokenizer
    logtotal = math.log(tk.total)
    from kg.compact_dictionary import CompactFreq, CompactLogProbs

    if isinstance(tk.FREQ, CompactFreq):
        _log_probs = CompactLogProbs(tk.FREQ, logtotal)  # type: ignore[assignment]
        return
    _log_probs = {w: (math.log(f) - logtotal if f else None) for w, f in tk.FREQ.items()}


def _promote_if_busy() -> None:
    """Replace the compact dictionary by the ordinary dicts once lookups are many (same words, same floats)."""
    from kg.compact_dictionary import CompactFreq

    tk = _tokenizer
    if not isinstance(tk.FREQ, CompactFreq) or tk.FREQ.misses < _COMPACT_MISSES_LIMIT:
        return
    with _jieba_lock:
        if isinstance(tk.FREQ, CompactFreq):
            tk.FREQ = tk.FREQ.to_dict()
            _build_log_probs()


def _new_tokenizer() -> Any:
    """jieba's tokenizer with the legal terms: mapped from the compact cache, or built (and the cache written)."""
    import jieba

    from kg import compact_dictionary

    terms = legal_terms()
    key = compact_dictionary.cache_key(terms)
    tk = jieba.Tokenizer()
    got = compact_dictionary.load(key)
    if got is not None:
        tk.FREQ, tk.total = got
        tk.initialized = True
    else:
        tk.initialize()
        for word, freq in terms:
            tk.add_word(word, freq)
        compact_dictionary.save(key, tk.FREQ, tk.total)
    for word, freq in terms:
        _added_words.add(word)
        _signature.update(f"{word}\t{freq}\n".encode())
    return tk


def _cut_block(block: str) -> list[str]:
    """``jieba.Tokenizer.cut(block, HMM=True)`` for one han block, word for word the same.

    jieba builds a DAG of dictionary words (``get_DAG``), then the best route right to left
    (``calc``), taking ``log(freq) - log(total)`` per word and, on equal scores, the longer
    word.  Here both run in one right-to-left pass over precomputed log probabilities:
    the same additions in the same order, so the same floats and the same route, at about
    twice the speed.  Runs of single characters go to jieba's HMM (``finalseg``) as in jieba.
    ``tests/unit/test_analysis.py`` compares the two on the shared corpus.
    """
    from jieba import finalseg

    probs = _log_probs
    assert probs is not None
    n = len(block)
    score = [0.0] * (n + 1)
    end = [0] * (n + 1)
    unknown = -math.log(_tokenizer.total)  # log(1) - log(total): a character that is no word
    for k in range(n - 1, -1, -1):
        best = None
        best_end = k
        i = k
        frag = block[k]
        while True:
            p = probs.get(frag, _MISSING)
            if p is _MISSING:
                break
            if p is not None:
                s = p + score[i + 1]
                if best is None or s >= best:  # the scan goes to longer words: ties go to them
                    best = s
                    best_end = i
            i += 1
            if i >= n:
                break
            frag = block[k: i + 1]
        if best is None:
            best = unknown + score[k + 1]
        score[k] = best
        end[k] = best_end
    out: list[str] = []
    freq = _tokenizer.FREQ
    x = 0
    buf = ""
    while x < n:
        y = end[x] + 1
        if y - x == 1:
            buf += block[x]
        else:
            if buf:
                _flush_single(buf, freq, out, finalseg)
                buf = ""
            out.append(block[x:y])
        x = y
    if buf:
        _flush_single(buf, freq, out, finalseg)
    return out


_MISSING = math.inf  # the log probability of no word: a sentinel compared by identity


def _flush_single(buf: str, freq: dict[str, int], out: list[str], finalseg: Any) -> None:
    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        out.extend(finalseg.cut(buf))
    else:
        out.extend(buf)


def _cut_for_search_block(block: str) -> list[str]:
    """``jieba.Tokenizer.cut_for_search(block, HMM=True)`` for one han block."""
    probs = _log_probs
    assert probs is not None
    out: list[str] = []
    for w in _cut_block(block):
        n = len(w)
        if n > 2:
            for i in range(n - 1):
                gram = w[i: i + 2]
                if probs.get(gram) is not None:
                    out.append(gram)
        if n > 3:
            for i in range(n - 2):
                gram = w[i: i + 3]
                if probs.get(gram) is not None:
                    out.append(gram)
        out.append(w)
    return out


def legal_terms(path: Path = LEGAL_TERMS_PATH) -> list[tuple[str, int]]:
    """The legal user dictionary: ``(word, frequency)`` pairs, comments skipped."""
    if not path.exists():
        return []
    out: list[tuple[str, int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = normalize(parts[0]).replace(" ", "")
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 3000
        if word:
            out.append((word, freq))
    return out


def _word_freq(word: str) -> int:
    # Long names (statute titles) must win over their parts; a modest
    # frequency is enough because search mode still emits the parts.
    return 2000 + 500 * min(len(word), 20)


def ensure_jieba_ready(extra_words: Iterable[str] = ()) -> None:
    """Load jieba, the legal dictionary and ``extra_words`` (idempotent).

    Words are normalised before they are added.  Calling again with new
    words adds them; words already known are skipped, so the call is cheap.
    """
    global _tokenizer
    words = [w for w in (normalize(x).replace(" ", "") for x in extra_words) if len(w) >= 2]
    if _tokenizer is not None and all(w in _added_words for w in words):
        return
    with _jieba_lock:
        if _tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            _tokenizer = _new_tokenizer()
        new_words = sorted(set(words) - _added_words)
        for word in new_words:
            _tokenizer.add_word(word, _word_freq(word))
            _added_words.add(word)
            _signature.update(f"{word}\n".encode())
        if new_words or _log_probs is None:
            _block_memo.clear()  # a new word may change how a known block is cut
            _build_log_probs()


def dictionary_signature() -> str:
    """A short hash of the words added to jieba so far (to detect drift between processes)."""
    ensure_jieba_ready()
    return _signature.hexdigest()[:16]


def _keep(token: str) -> bool:
    return bool(_TOKEN_OK.search(token)) and token not in STOPWORDS


def tokenize(text: str) -> list[str]:
    """Normalise and cut ``text`` into search tokens (jieba search mode), stop words dropped.

    Pure function of ``text`` once the dictionary is loaded.  Long words are
    preceded by the dictionary words they contain, as ``jieba.cut_for_search``
    does.

    >>> tokenize("")
    []
    >>> tokenize("！？。，")
    []
    >>> tokenize("噪聲擾民") == tokenize("噪声扰民")
    True
    """
    if not text:
        return []
    norm = normalize(text)
    if not norm:
        return []
    ensure_jieba_ready()
    _promote_if_busy()
    import jieba

    memo = _block_memo
    out: list[str] = []
    for block in jieba.re_han_default.split(norm):
        if not block:
            continue
        got = memo.get(block)
        if got is None:
            if jieba.re_han_default.match(block):
                got = tuple(t for t in _cut_for_search_block(block) if t.strip() and _keep(t))
                if len(memo) >= _BLOCK_MEMO_LIMIT:
                    memo.clear()
                memo[block] = got
            else:  # punctuation, spaces, rare scripts: jieba yields them character by character
                got = tuple(c for c in block if c.strip() and _keep(c))
                if len(block) <= 8:
                    memo[block] = got
        out.extend(got)
    return out


def _tokenize_whole(text: str) -> list[str]:
    """``tokenize`` without the block memo: one jieba pass over the whole text (tests compare)."""
    norm = normalize(text)
    if not norm:
        return []
    ensure_jieba_ready()
    return [t for t in _tokenizer.cut_for_search(norm, HMM=True) if t.strip() and _keep(t)]


def cut_words(text: str) -> list[str]:
    """Normalise and cut in precise mode (no sub-words), stop words dropped: for display and analysis."""
    norm = normalize(text)
    if not norm:
        return []
    ensure_jieba_ready()
    return [t for t in _tokenizer.cut(norm, HMM=True) if t.strip() and _keep(t)]


def in_dictionary(word: str) -> bool:
    """True when jieba knows ``word`` (base dictionary, legal terms or added words)."""
    ensure_jieba_ready()
    return bool(_tokenizer.FREQ.get(word))
