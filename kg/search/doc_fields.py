"""A search document as the whoosh fields written for it: its tokens, the wording of the 违则 it names, its
stored data and its packed ``meta`` column (decoded by ``doc_columns``)."""

from __future__ import annotations

from typing import Any

from kg.analysis import tokenize
from kg.model import ProvisionId
from kg.search.hits import _article_doc_id
from kg.search.schema import _SEP, NATIONAL, VIOL_TOKENS
from kg.search.types import SearchDoc
from kg.search.understand import _article_key


def _doc_fields(doc: SearchDoc, by_id: dict[str, SearchDoc]) -> dict[str, Any]:
    """The whoosh fields of a document: its tokens, those of the 违则 it names (from ``by_id``), its name, its
    stored data and the packed ``meta`` column that ``doc_columns`` decodes."""
    tokens = _doc_tokens(doc)
    viol: dict[str, None] = {}
    for vid in doc.violated:
        target = by_id.get(vid) or by_id.get(_article_doc_id(vid))
        if target is not None and target.doc_id != doc.doc_id:
            vt = _doc_tokens(target)
            viol.update(dict.fromkeys(vt))
        if len(viol) >= VIOL_TOKENS:
            break
    viol_tokens = list(viol)[:VIOL_TOKENS]
    name_tokens = tokenize(doc.item_name) if doc.kind == "item" and doc.item_name else []
    art = ""
    if doc.kind == "provision":
        try:
            pid = ProvisionId.parse(doc.doc_id)
            art = _article_key(pid.article, pid.suffix)
        except ValueError:
            art = ""
    data: dict[str, Any] = {
        "kind": doc.kind, "statute_key": doc.statute_key or "", "statute_title": doc.statute_title or "",
        "level": doc.level or "", "region": doc.region, "version": _version_iso(doc),
        "article": doc.article_label or "", "heading": doc.heading, "text": doc.text,
        "is_penalty": doc.is_penalty, "violated": list(doc.violated), "penalized_by": list(doc.penalized_by),
    }
    if doc.kind == "item":
        data.update({"item_code": doc.item_code, "item_name": doc.item_name, "catalog_key": doc.catalog_key,
                     "townships": list(doc.townships), "department": doc.department,
                     "basis": [list(b) for b in doc.basis], "power_type": doc.power_type, "domain": doc.domain})
    meta = _SEP.join([
        doc.doc_id, doc.kind, doc.statute_key or "", doc.version_key or "", doc.region or NATIONAL,
        doc.level or "", doc.catalog_key or "", art,
        ("p" if doc.is_penalty else "") + ("v" if doc.penalized_by else ""),
        str(len(tokens)), str(len(viol_tokens)), str(len(name_tokens)),
    ])
    out: dict[str, Any] = {"doc_id": doc.doc_id, "text": tokens, "data": data, "meta": meta.encode("utf-8")}
    if viol_tokens:
        out["viol"] = viol_tokens
    if name_tokens:
        out["name"] = name_tokens
    if doc.kind == "item" and doc.catalog_key:
        out["catalog_term"] = doc.catalog_key
    return out


def _doc_tokens(doc: SearchDoc) -> list[str]:
    """Tokens of a document: given, or made as the pipeline makes them."""
    if doc.tokens is not None:
        return doc.tokens
    if doc.token_text is not None:
        return doc.token_text.split(" ") if doc.token_text else []
    if doc.kind == "item":  # the name goes to its own field; text only when it says more
        return tokenize(doc.text) if doc.text and doc.text != doc.item_name else []
    prefix = " ".join(x for x in (doc.statute_title, *doc.aliases) if x)
    return tokenize(f"{prefix} {doc.heading or ''} {doc.text}")


def _version_iso(doc: SearchDoc) -> str | None:
    if doc.version_key and "@" in doc.version_key:
        return doc.version_key.rpartition("@")[2]
    return doc.valid_from.isoformat() if doc.valid_from else None
