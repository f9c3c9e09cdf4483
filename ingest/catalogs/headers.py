"""Header detection: the row (or two) of a sheet with the most vocabulary hits, and its columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.catalogs.grid import Sheet
from ingest.catalogs.vocabulary import _NOT_A_TITLE_RE, HEADER_SEARCH_ROWS, Vocabulary

# --------------------------------------------------------------------------
# header detection
# --------------------------------------------------------------------------


@dataclass
class Header:
    rows: tuple[int, ...]  # indexes into Sheet.rows
    columns: dict[int, str]  # column index -> field
    labels: dict[int, str]  # column index -> header text as shown
    unknown: list[tuple[int, str]]
    titles: list[str]  # title rows above the header


def _hits(cells: Sequence[str], vocab: Vocabulary) -> dict[int, str]:
    return {i: f for i, c in enumerate(cells) if c and (f := vocab.field_for(c))}


def _header_like(cells: Sequence[str], other: Sequence[str], vocab: Vocabulary, *, below: bool = False) -> bool:
    """Whether a row next to the header row is part of the header.

    Every non-empty cell must be a vocabulary header, repeat the cell of the
    other header row (a vertically merged header), or, for a row below the
    header, be a short sub-header under a horizontally merged group header.
    """
    def grouped(i: int) -> bool:
        up = other[i] if i < len(other) else ""
        return bool(up) and ((i > 0 and other[i - 1] == up) or (i + 1 < len(other) and other[i + 1] == up))

    return any(cells) and all(
        not c
        or vocab.field_for(c) is not None
        or (i < len(other) and c == other[i])
        or (below and len(c) <= 12 and grouped(i))
        for i, c in enumerate(cells)
    )


def _column_letter(i: int) -> str:
    out = ""
    n = i + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def detect_header(sheet: Sheet, vocab: Vocabulary) -> Header | None:
    """The header of a sheet: the row (among the first 10 non-empty) with the most vocabulary hits."""
    candidates = [i for i, (_, cells) in enumerate(sheet.rows) if any(cells)][:HEADER_SEARCH_ROWS]
    best: int | None = None
    best_hits: dict[int, str] = {}
    for i in candidates:
        hits = _hits(sheet.rows[i][1], vocab)
        if len(set(hits.values())) > len(set(best_hits.values())):
            best, best_hits = i, hits
    if best is None:
        return None
    fields = set(best_hits.values())
    if "name" not in fields and not _two_row_has_name(sheet, best, vocab):
        return None
    if len(fields) < 2 and len([c for c in sheet.rows[best][1] if c]) > 2:
        return None

    rows = [best]
    upper: Sequence[str] = ()
    lower: Sequence[str] = sheet.rows[best][1]
    nxt = sheet.rows[best + 1][1] if best + 1 < len(sheet.rows) else []
    if nxt and nxt != lower and _header_like(nxt, lower, vocab, below=True):
        upper, lower = lower, sheet.rows[best + 1][1]
        rows.append(best + 1)
    elif best > 0 and _header_like(sheet.rows[best - 1][1], lower, vocab) and sheet.rows[best - 1][1] != lower:
        upper = sheet.rows[best - 1][1]
        rows.insert(0, best - 1)

    columns: dict[int, str] = {}
    labels: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    pending: list[tuple[int, str, str]] = []  # sub-header not in the vocabulary: (column, label, group)
    for i in range(max(len(lower), len(upper))):
        low = lower[i] if i < len(lower) else ""
        up = upper[i] if i < len(upper) else ""
        label = f"{up}/{low}" if up and low and up != low else (low or up)
        if not label:
            continue
        fld = (vocab.field_for(low) if low else None) or (vocab.field_for(up + low) if up else None)
        if fld is None and up and (not low or low == up):
            fld = vocab.field_for(up)
        if fld is None and up and low:
            pending.append((i, label, up))
            continue
        if fld is None:
            unknown.append((i, label))
            continue
        columns[i] = fld
        labels[i] = label
    # an unknown sub-header takes its group's field only when no sibling already names that field
    for i, label, up in pending:
        group_field = vocab.field_for(up)
        if group_field is not None and group_field not in columns.values():
            columns[i] = group_field
            labels[i] = label
        else:
            unknown.append((i, label))
    unknown.sort()
    titles: list[str] = []
    for j in range(min(rows)):
        texts = list(dict.fromkeys(c for c in sheet.rows[j][1] if c))
        if len(texts) == 1 and not _NOT_A_TITLE_RE.match(texts[0]):
            titles.append(texts[0])
    return Header(tuple(rows), columns, labels, unknown, titles)


def _two_row_has_name(sheet: Sheet, best: int, vocab: Vocabulary) -> bool:
    for j in (best - 1, best + 1):
        if 0 <= j < len(sheet.rows) and "name" in _hits(sheet.rows[j][1], vocab).values():
            return True
    return False


