"""Stage 1, parse: statute files -> :class:`ParsedLaws`; a catalog file -> :class:`CatalogFile`.

Reads the input files (and the parse cache, a folder of pickled
:class:`FileResult` keyed by content hash) and nothing else.  Statute files
are decoded, parsed and tokenised in a small process pool; re-parsing
unchanged input is a cache hit.
"""

from __future__ import annotations

import ast
import functools
import gc
import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.stages.report import diag
from kg.children import die_with_parent
from kg.errors import InvalidInput, ParseError
from kg.model import AmendmentDecision, Diagnostic, ParsedStatute, RepealMention

if TYPE_CHECKING:
    from ingest.catalogs import CatalogMeta, ParsedCatalog

STATUTE_SUFFIXES = {".md", ".txt", ".docx"}
SKIPPED_NAMES = {"SOURCES.md", "README.md", "LICENSE.md", "CHANGELOG.md"}
CATALOG_SUFFIXES = {".xlsx", ".xls", ".csv", ".json"}
CACHE_FORMAT = 8  # bump when the cached form changes; parser changes are caught by parser_fingerprint()
REPO = Path(__file__).resolve().parents[2]
DECISIONS_FILE = REPO / "ontologies" / "amendment_decisions.yaml"
# what parse_file runs: these modules, the kg/ and ingest/ modules they import, and the ontologies
PARSER_ROOTS = ("ingest.stages.parse", "ingest.decode", "ingest.statutes", "ingest.pairing", "kg.analysis")

ProgressFactory = Callable[[int, str], Any]


# -- which files ------------------------------------------------------------------------


@dataclass(frozen=True)
class StatuteFile:
    """One statute file to parse: on disk (``path``, ``root``), or ingested earlier (both None: cache only)."""

    path: Path | None
    root: Path | None
    digest: str  # sha256 of the content: the cache key
    source: str  # the name relative to the folder given: the file's identity


@dataclass(frozen=True)
class LawFiles:
    """The statute files under the paths given, by source name, and how many were skipped (README etc.)."""

    files: dict[str, StatuteFile]
    skipped: int


def collect_statute_files(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(file, root) pairs for every statute file under the given paths."""
    out: list[tuple[Path, Path]] = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            raise InvalidInput(f"路径不存在：{p}", code="PATH_NOT_FOUND")
        if p.is_file():
            out.append((p, p.parent))
            continue
        for f in sorted(p.rglob("*")):
            if f.is_file() and f.suffix.lower() in STATUTE_SUFFIXES:
                out.append((f, p))
    return out


def collect_law_files(paths: Sequence[Path]) -> LawFiles:
    """The statute files under ``paths`` with their content digests (explanatory files skipped)."""
    files: dict[str, StatuteFile] = {}
    skipped = 0
    for f, root in collect_statute_files(paths):
        if f.name in SKIPPED_NAMES:
            skipped += 1
            continue
        rel = f.relative_to(root).as_posix() if f != root else f.name
        files[rel] = StatuteFile(f, root, file_digest(f), rel)
    return LawFiles(files, skipped)


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- decode + parse (+ tokens for the index), in workers ------------------------------------


@dataclass(frozen=True)
class FileResult:
    source: str
    digest: str
    parsed: ParsedStatute | None
    tokens: dict[str, str]  # provision id -> space-joined tokens (one str: lists of str cost ~10x)
    error: Diagnostic | None
    repeal_decision: tuple[str, tuple[RepealMention, ...]] | None = None  # a 废止 decision without articles


def parse_file(path: Path, root: Path, digest: str) -> FileResult:
    """Read, decode, parse and tokenise one statute file (runs in a worker)."""
    from ingest.decode import read_statute_file
    from ingest.statutes import parse_statute
    from kg.analysis import tokenize

    source = path.relative_to(root).as_posix() if path != root else path.name
    try:
        text, source = read_statute_file(path, root)
        parsed = with_inferred_pairs(parse_statute(text, source))
    except ParseError as exc:
        code = exc.code if exc.code != ParseError.code else "STATUTE_REJECTED"
        decision = None
        if code == "STATUTE_NO_ARTICLES" and "废止" in text:
            from ingest.repeal_decision import parse_repeal_decision

            title, repeals = parse_repeal_decision(text, source)
            decision = (title, repeals) if repeals else None
        return FileResult(source, digest, None, {}, Diagnostic(source, exc.line, code, exc.reason), decision)
    except (OSError, UnicodeError, ValueError) as exc:  # never let one file stop the run
        return FileResult(source, digest, None, {}, Diagnostic(source, None, "STATUTE_UNREADABLE",
                                                               f"无法读取：{exc}"))
    statute = parsed.statute
    prefix = " ".join([statute.title, *statute.aliases])
    tokens = {str(p.id): " ".join(tokenize(prefix + " " + " ".join(p.heading) + " " + p.text))
              for p in parsed.provisions}
    return FileResult(source, digest, parsed, tokens, None)


def with_inferred_pairs(parsed: ParsedStatute) -> ParsedStatute:
    """Add wording-matched 违则 to the paragraphs of 罚则 and 处理依据 that cite none (see ingest.pairing), and the
    违则 they name beyond the citation window of the penalty analysis (list members after a comma, a chapter)."""
    from ingest.pairing import follow_cited_penalties, infer_violated_pairs, named_violated

    named_more = named_violated(parsed.provisions)
    if named_more:
        parsed = replace(parsed, provisions=tuple(replace(p, violated=p.violated + named_more[p.id])
                                                  if p.id in named_more else p for p in parsed.provisions))
    targets = {p.id for p in parsed.provisions if p.sanctions}  # 罚则, and 处理依据 that only order
    inferred = infer_violated_pairs(parsed.provisions, targets)
    # a 罚则 named as the conduct of another is no 违则: its own 违则 are
    followed, taken_on = follow_cited_penalties(parsed.provisions, inferred)
    if followed:
        parsed = replace(parsed, provisions=tuple(replace(p, violated=followed[p.id]) if p.id in followed else p
                                                  for p in parsed.provisions))
        for pid, pairs in taken_on.items():
            inferred[pid] = inferred.get(pid, ()) + tuple(n for n in pairs
                                                          if all(x.target != n.target for x in inferred.get(pid, ())))
    # a paragraph that names its 违则 is not inferred (ingest.pairing); an article named anyway is not repeated
    for p in parsed.provisions:
        if p.id in inferred and p.violated:
            named = {(t.article, t.suffix) for t in p.violated}
            kept = tuple(n for n in inferred[p.id] if (n.target.article, n.target.suffix) not in named)
            if kept:
                inferred[p.id] = kept
            else:
                del inferred[p.id]
    if not inferred:
        return parsed
    provisions = tuple(replace(p, violated_inferred=tuple(n.target for n in inferred[p.id]),
                               violated_inferred_notes=inferred[p.id]) if p.id in inferred else p
                       for p in parsed.provisions)
    return replace(parsed, provisions=provisions)


def _cache_file(cache_dir: Path, digest: str) -> Path:
    return cache_dir / digest[:2] / f"{digest}-{CACHE_FORMAT}-{parser_fingerprint()[:16]}.pickle"


@functools.cache
def parser_fingerprint() -> str:
    """sha256 over the source of every module the parse may run and the ontologies' files.

    Part of the cache key: a parse cached by other parser code (another
    penalty rule, another 施行-date reading) is never reused, so a re-ingest
    never serves stale parse results.  The modules are :data:`PARSER_ROOTS`
    and, transitively, every ``kg``/``ingest`` module they import (read
    statically, function-local imports included).
    """
    h = hashlib.sha256(f"{CACHE_FORMAT}\n".encode())
    for name, path in sorted(_parser_modules().items()):
        h.update(f"{name}\n".encode())
        h.update(path.read_bytes())
    ontologies = REPO / "ontologies"
    for path in sorted(p for p in ontologies.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(ontologies).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _parser_modules() -> dict[str, Path]:
    """Module name -> source file for :data:`PARSER_ROOTS` and the kg/ingest modules they import."""
    found: dict[str, Path] = {}
    todo = list(PARSER_ROOTS)
    while todo:
        name = todo.pop()
        if name in found or name.split(".")[0] not in ("kg", "ingest"):
            continue
        base = REPO.joinpath(*name.split("."))
        path = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
        if not path.is_file():
            continue  # a name imported from a module, not a module
        found[name] = path
        todo.extend(name.rsplit(".", i)[0] for i in range(1, name.count(".") + 1))  # its packages
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Import):
                todo.extend(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                todo.append(node.module)
                todo.extend(f"{node.module}.{a.name}" for a in node.names)
    return found


def _parse_worker(args: tuple[str, str, str, str]) -> bytes:
    """Parse one file into the cache; returns the cached bytes (pickled once, for the cache and the parent)."""
    path, root, digest, cache_dir = args
    cache_file = _cache_file(Path(cache_dir), digest)
    blob = pickle.dumps(parse_file(Path(path), Path(root), digest), protocol=5)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(blob)
    os.replace(tmp, cache_file)
    return blob


def _worker_init(extra_words: list[str], parent_pid: int | None = None) -> None:
    from kg.analysis import ensure_jieba_ready

    if parent_pid is not None:  # a pool worker, not the parent running the parse itself
        die_with_parent(parent_pid)
    gc.enable()  # a forked worker inherits the build's disabled collector; it handles one file at a time

    ensure_jieba_ready(extra_words)


def _cached(cache_file: Path, source: str) -> FileResult | None:
    """The cached result (under this run's name), or None; a corrupt cache file is removed."""
    if not cache_file.exists():
        return None
    try:
        with open(cache_file, "rb") as fh:
            res: FileResult = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        cache_file.unlink(missing_ok=True)
        return None
    # the same content may sit under another name: keep the name of this run
    return _renamed(res, source) if res.source != source else res


def parse_files(
    files: Sequence[StatuteFile], cache_dir: Path, workers: int, progress: ProgressFactory | None,
) -> tuple[list[FileResult], int]:
    """Parse statute files with a cache keyed by content hash.

    A file without a path is a file ingested earlier: it comes from the
    cache alone (or is reported when the cache lost it).  Returns (results,
    cached count).
    """
    results: list[FileResult] = []
    todo: list[tuple[str, str, str, str]] = []
    cached = 0
    for f in files:
        res = _cached(_cache_file(cache_dir, f.digest), f.source)
        if res is not None:
            results.append(res)
            cached += 1
        elif f.path is None or f.root is None:
            results.append(FileResult(f.source, f.digest, None, {}, Diagnostic(
                f.source, None, "STATUTE_CACHE_MISSING", "此前导入的文件的解析缓存已丢失，请重新导入该文件")))
        else:
            todo.append((str(f.path), str(f.root), f.digest, str(cache_dir)))
    bar = progress(len(todo), "解析法规") if progress and todo else None
    if workers > 1 and len(todo) > 50:
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                                 initargs=([], os.getpid())) as pool:
            for blob in pool.map(_parse_worker, todo, chunksize=16):
                results.append(pickle.loads(blob))
                if bar:
                    bar.advance()
    else:
        _worker_init([])
        for args in todo:
            results.append(pickle.loads(_parse_worker(args)))
            if bar:
                bar.advance()
    if bar:
        bar.close()
    return results, cached


def prune_parse_cache(cache_dir: Path) -> int:
    """Remove cached parses made by other parser code (they are never read again); returns how many."""
    keep = f"-{CACHE_FORMAT}-{parser_fingerprint()[:16]}.pickle"
    removed = 0
    for path in cache_dir.glob("*/*.pickle") if cache_dir.is_dir() else ():
        if not path.name.endswith(keep):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _renamed(res: FileResult, source: str) -> FileResult:
    if res.parsed is None:
        return replace(res, source=source, error=replace(res.error, source=source) if res.error else None)
    version = replace(res.parsed.version, source=source)
    return replace(res, source=source, parsed=replace(res.parsed, version=version))


@dataclass(frozen=True)
class ParsedLaws:
    """The parse stage's output for statutes: what parsed, its index tokens, what was rejected."""

    statutes: tuple[ParsedStatute, ...]
    tokens: dict[str, str]  # provision id -> space-joined tokens
    repeal_decisions: tuple[tuple[str, tuple[RepealMention, ...]], ...]  # 废止 decisions without articles
    diagnostics: tuple[dict[str, Any], ...]  # by file name: rejections and parse warnings
    parsed: int
    rejected: int
    cached: int


def parse_laws(
    files: Sequence[StatuteFile], cache_dir: Path, workers: int, progress: ProgressFactory | None,
) -> ParsedLaws:
    """Parse every file (cached by content), in file-name order."""
    results, cached = parse_files(files, cache_dir, workers, progress)
    prune_parse_cache(cache_dir)
    statutes: list[ParsedStatute] = []
    tokens: dict[str, str] = {}
    repeal_decisions: list[tuple[str, tuple[RepealMention, ...]]] = []
    diagnostics: list[dict[str, Any]] = []
    rejected = 0
    for res in sorted(results, key=lambda r: r.source):
        if res.repeal_decision is not None:
            repeal_decisions.append(res.repeal_decision)
        if res.parsed is None:
            rejected += 1
            if res.error:
                diagnostics.append(diag(res.error))
            continue
        statutes.append(res.parsed)
        tokens.update(res.tokens)
        diagnostics.extend(diag(d) for d in res.parsed.diagnostics)
    return ParsedLaws(tuple(statutes), tokens, tuple(repeal_decisions), tuple(diagnostics),
                      len(statutes), rejected, cached)


def load_amendment_decisions(path: Path = DECISIONS_FILE) -> list[AmendmentDecision]:
    """The reviewed 施行 dates of amendment decisions not in the corpus (ontologies/amendment_decisions.yaml)."""
    import yaml

    if not path.exists():
        return []
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    out: list[AmendmentDecision] = []
    for i, row in enumerate(raw.get("decisions") or (), 1):
        try:
            out.append(AmendmentDecision(
                statute=str(row["statute"]), amended=_yaml_day(row["amended"]), effective=_yaml_day(row["effective"]),
                decision=str(row["decision"]), quote=str(row["quote"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(f"{path.name} 第{i}条修改决定记录有误：{exc}", code="DECISIONS_INVALID") from exc
    return out


def _yaml_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# -- catalogs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogFile:
    """One parsed catalog file: its items (at least one) and the metadata it was read with."""

    name: str
    meta: CatalogMeta | None
    parsed: ParsedCatalog


def parse_catalog(path: Path, meta: CatalogMeta | None) -> CatalogFile:
    """Read one catalog file (metadata: ``meta``, else its ``.meta.yaml`` sidecar when there is one).

    Raises :class:`InvalidInput` naming the file, sheet and row when the file
    yields no item at all; row-level problems stay diagnostics.
    """
    from ingest.catalogs import load_sidecar, read_catalog

    sidecar = path.with_name(path.stem + ".meta.yaml")
    if meta is None and sidecar.exists():
        meta = load_sidecar(sidecar)
    parsed = read_catalog(path.read_bytes(), path.name, meta)
    if not parsed.items:
        errors = [d for d in parsed.diagnostics if d.severity == "error"]
        first = errors[0] if errors else None
        where = " ".join(x for x in (path.name, first.sheet if first else None,
                                     f"第{first.line}行" if first and first.line else None) if x)
        raise InvalidInput(f"{where}：{first.message if first else '目录中没有可导入的事项'}",
                           code=first.code if first else "CATALOG_EMPTY")
    return CatalogFile(path.name, meta, parsed)
