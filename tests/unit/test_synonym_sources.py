"""A synonym entry whose source is "statute wording: <statute 第X条>" quotes its legal phrases from that statute.

ontologies/synonyms.yaml says what such a source promises: every `legal` phrase
is the statute's own wording, so the expansion can match the article.  This
test holds the promise against the shared corpus (../shared/corpus/laws): each
legal phrase, whitespace removed, occurs in a file of a statute the source
names (any version; the national prefix 中华人民共和国 does not matter).
Sources that mix kinds ("common usage; statute wording: …") are not checked:
their phrases need not all be quoted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

from kg.history import normalise_title

REPO = Path(__file__).resolve().parents[2]
SYNONYMS = REPO / "ontologies" / "synonyms.yaml"

STATUTE_WORDING = "statute wording"
_FILE_DATE = re.compile(r"\(\d{4}-\d{1,2}-\d{1,2}\)$")
_SPACE = re.compile(r"\s+")
_SOURCE_HEAD = re.compile(r"statute wording(?:\s*\([^)]*\))?\s*[:：]\s*")  # "statute wording (local): "
_ARTICLE = re.compile(r"第[一二三四五六七八九十百千零〇两\d]+条(?:之[一二三四五六七八九十])?")


def cited_statutes(source: str) -> list[str]:
    """The statutes a "statute wording: …" source names, as lookup keys, articles dropped.

    Citations are separated by `,` `;` `，` `；` (or `、` between statutes); the
    articles after a title (第X条, 第X条/第Y条, 第X条、第Y条) are not statutes.

    >>> cited_statutes("statute wording: 公路法 第五十条, 公路安全保护条例 第三十五条")
    ['公路法', '公路安全保护条例']
    >>> cited_statutes("statute wording: 中华人民共和国食品安全法 第三十四条、第一百二十三条；饲料和饲料添加剂管理条例")
    ['食品安全法', '饲料和饲料添加剂管理条例']
    >>> cited_statutes("statute wording: 城市道路管理条例 第二十七条/第三十一条")
    ['城市道路管理条例']
    >>> cited_statutes("statute wording (local): 浙江省违法建筑处置规定 第二十三条; 民法典 第一千二百四十七条")
    ['浙江省违法建筑处置规定', '民法典']
    >>> cited_statutes("common usage")
    []
    """
    head = _SOURCE_HEAD.match(source)
    if head is None:
        return []
    names: list[str] = []
    for part in re.split(r"[,;，；、]", source[head.end():]):
        title = _ARTICLE.split(part)[0].split("/")[0].strip()
        if title and normalise_title(title) not in names:
            names.append(normalise_title(title))
    return names


def statute_texts(laws: Path) -> dict[str, list[str]]:
    """Every corpus file's text (whitespace removed), keyed by its statute's title.

    The title is the file name without its version date; the 民法典 books are
    files of the folder 民法典.
    """
    files: dict[str, list[Path]] = defaultdict(list)
    for path in laws.rglob("*.md"):
        files[normalise_title(_FILE_DATE.sub("", path.stem))].append(path)
        if path.parent.name == "民法典":
            files["民法典"].append(path)
    return {title: [_SPACE.sub("", p.read_text(encoding="utf-8", errors="replace")) for p in paths]
            for title, paths in files.items()}


def test_statute_wording_is_quoted_from_the_statute_it_names(shared_dir: Path) -> None:
    entries = yaml.safe_load(SYNONYMS.read_text(encoding="utf-8"))["entries"]
    texts = statute_texts(shared_dir / "corpus" / "laws")
    problems: list[str] = []
    checked = 0
    for index, entry in enumerate(entries):
        source = str(entry.get("source", ""))
        if not source.startswith(STATUTE_WORDING):
            continue
        names = cited_statutes(source)
        missing = [n for n in names if n not in texts]
        if not names or missing:
            problems.append(f"第{index}条 {entry['terms'][:3]}：来源“{source}”所列法规在语料中找不到：{missing or '未列法规'}")
            continue
        cited = [t for n in names for t in texts[n]]
        for phrase in entry.get("legal", []):
            checked += 1
            if not any(_SPACE.sub("", phrase) in text for text in cited):
                problems.append(f"第{index}条 {entry['terms'][:3]}：法定用语“{phrase}”不见于来源所列法规（{source}）")
    assert checked > 500, f"只核对了 {checked} 个法定用语，来源格式可能变了"
    assert not problems, f"{len(problems)} 处“statute wording”来源与法规原文不符：\n" + "\n".join(problems)
