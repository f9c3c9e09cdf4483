"""kg/whoosh_bulk.py writes the segment whoosh's own writer would write for the same documents."""

from __future__ import annotations

import random
from typing import Any

import pytest
from whoosh import scoring
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Or, Term

from kg.search import TOKEN_FIELDS, _schema
from kg.whoosh_bulk import quantized_lengths, write_segment

VOCAB = [f"词{i}" for i in range(40)] + ["a", "b1", "许可证", "建设", "𠀀字", "ｚ"]


def _docs(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for d in range(n):
        doc: dict[str, Any] = {"doc_id": f"doc-{d:04d}", "data": {"n": d, "text": "正文" * (d % 5)},
                               "meta": f"doc-{d}\x1fprovision".encode()}
        # skewed: a few terms in most documents (several blocks), many rare ones
        doc["text"] = [VOCAB[min(int(rng.expovariate(0.15)), len(VOCAB) - 1)] for _ in range(rng.randint(0, 30))]
        if d % 3 == 0:
            doc["viol"] = rng.sample(VOCAB, rng.randint(1, 6))
        if d % 7 == 0:
            doc["name"] = ["许可证"] * rng.randint(1, 3)
            doc["catalog_term"] = f"cat-{d % 2}"
        if rng.random() < 0.1:
            doc["text"] = []  # an empty token field
        out.append(doc)
    return out


def _normal(docs: list[dict[str, Any]], codec: Any) -> Any:
    ix = RamStorage().create_index(_schema())
    w = ix.writer(codec=codec)
    for doc in docs:
        w.add_document(**{k: v for k, v in doc.items() if v != []})
    w.commit(merge=False)
    return ix


def _bulk(docs: list[dict[str, Any]], codec: Any) -> tuple[Any, Any]:
    ix = RamStorage().create_index(_schema())
    _, tables = write_segment(ix, codec, docs, TOKEN_FIELDS)
    return ix, tables


def _postings(reader: Any, field: str, term: bytes) -> list[tuple[int, float, bytes]]:
    m = reader.postings(field, term)
    out = []
    while m.is_active():
        out.append((m.id(), m.weight(), m.value()))
        m.next()
    return out


@pytest.mark.parametrize(("n", "blocklimit", "seed"), [(300, 8, 1), (60, 1024, 2), (1, 8, 3)])
def test_bulk_segment_equals_whoosh_writer(n: int, blocklimit: int, seed: int) -> None:
    docs = _docs(n, seed)
    a = _normal(docs, W3Codec(blocklimit=blocklimit))
    b, tables = _bulk(docs, W3Codec(blocklimit=blocklimit))
    with a.reader() as ra, b.reader() as rb:
        assert ra.doc_count_all() == rb.doc_count_all() == n
        fields = set(ra.indexed_field_names())
        assert fields == set(rb.indexed_field_names())
        for f in sorted(fields):
            terms_a = [t for t, _ in ra.iter_field(f)]
            terms_b = [t for t, _ in rb.iter_field(f)]
            assert terms_a == terms_b, f
            for t in terms_a:
                ia, ib = ra.term_info(f, t), rb.term_info(f, t)
                stats = ("weight", "doc_frequency", "min_length", "max_length", "max_weight", "min_id", "max_id")
                assert [getattr(ia, s)() for s in stats] == [getattr(ib, s)() for s in stats], (f, t)
                assert _postings(ra, f, t) == _postings(rb, f, t), (f, t)
        for d in range(n):
            assert ra.stored_fields(d) == rb.stored_fields(d)
            for f in TOKEN_FIELDS:
                assert ra.doc_field_length(d, f) == rb.doc_field_length(d, f), (d, f)
        assert list(ra.column_reader("meta")) == list(rb.column_reader("meta"))
        for f in TOKEN_FIELDS:
            assert ra.field_length(f) == rb.field_length(f)
    # whoosh's own BM25F search ranks both alike
    q = Or([Term("text", "词1"), Term("text", "许可证"), Term("viol", "词3")])
    with a.searcher(weighting=scoring.BM25F()) as sa, b.searcher(weighting=scoring.BM25F()) as sb:
        ha = [(h.docnum, round(h.score, 6)) for h in sa.search(q, limit=None)]
        hb = [(h.docnum, round(h.score, 6)) for h in sb.search(q, limit=None)]
        assert ha == hb and (n < 10 or ha)
    # the tables the writer returns are the postings it wrote
    with b.reader() as rb:
        for f, table in tables.items():
            for i, term in enumerate(table.terms):
                lo, hi = table.offsets[i], table.offsets[i + 1]
                got = [(d, w) for d, w, _ in _postings(rb, f, term.encode())]
                assert got == list(zip(table.docs[lo:hi].tolist(), table.freqs[lo:hi].tolist(), strict=True))


def test_quantized_lengths_match_whoosh() -> None:
    import numpy as np
    from whoosh.util.numeric import byte_to_length, length_to_byte

    xs = np.array([0, 1, 2, 3, 17, 100, 999, 5000, 106373, 106374, 500000])
    assert quantized_lengths(xs).tolist() == [byte_to_length(length_to_byte(int(x))) for x in xs]


def test_failed_bulk_write_leaves_the_index_as_it_was() -> None:
    ix = RamStorage().create_index(_schema())
    docs = _docs(20, 4)
    docs[10]["no_such_field"] = "x"
    with pytest.raises(KeyError):
        write_segment(ix, W3Codec(), docs, TOKEN_FIELDS)
    assert ix.doc_count_all() == 0
    write_segment(ix, W3Codec(), _docs(5, 5), TOKEN_FIELDS)  # the lock was released
    assert ix.doc_count_all() == 5


def test_saved_posting_arrays_equal_what_whoosh_reads_back(tmp_path) -> None:
    """The arrays saved from the bulk writer's tables are those read back from the segment."""
    import numpy as np

    from kg.search import WhooshIndex, _PostingArrays
    from tests.unit.search_fixture import corpus

    ix = WhooshIndex.create(tmp_path / "ix")
    ix.add(corpus())
    ix.commit()
    saved = list((tmp_path / "ix").glob("yiju_postings_*.npz"))
    assert len(saved) == 1
    with ix._ix.reader() as reader:
        (leaf, _), = list(reader.leaf_readers())
        keys, offsets, ids, tfs = _PostingArrays.build(leaf)
    got = _PostingArrays.load(saved[0])
    assert got is not None and list(got.index) == keys
    assert np.array_equal(got.offsets, offsets) and np.array_equal(got.ids, ids) and np.array_equal(got.tfs, tfs)


def test_two_processes_write_the_same_index_as_one(tmp_path, monkeypatch) -> None:
    """A new index written by two forked processes (two segments) reads as the one-process index."""
    import numpy as np

    import kg.search.writing as search_mod
    from kg.search import WhooshIndex
    from tests.unit.search_fixture import corpus

    one = WhooshIndex.create(tmp_path / "one")
    one.add(corpus())
    one.commit()
    monkeypatch.setattr(search_mod, "BULK_SPLIT_DOCS", 4)
    monkeypatch.setattr(search_mod.os, "cpu_count", lambda: 2)
    two = WhooshIndex.create(tmp_path / "two")
    two.add(corpus())
    two.commit()
    with one._ix.reader() as r1, two._ix.reader() as r2:
        assert len(list(r1.leaf_readers())) == 1 and len(list(r2.leaf_readers())) == 2
        assert [r1.stored_fields(d) for d in range(r1.doc_count_all())] == \
            [r2.stored_fields(d) for d in range(r2.doc_count_all())]
        for f in TOKEN_FIELDS:
            assert [t for t, _ in r1.iter_field(f)] == [t for t, _ in r2.iter_field(f)]
    assert len(list((tmp_path / "two").glob("yiju_postings_*.npz"))) == 2
    st1, st2 = one._get_state(), two._get_state()
    for key in st1.doc_id:
        assert st1.by_id[key] == st2.by_id[key]
    for term in ("许可证", "城市道路", "罚款", "秸秆"):
        p1, p2 = st1.postings("text", term), st2.postings("text", term)
        assert p1 is not None and p2 is not None
        assert np.array_equal(np.sort(p1[0]), np.sort(p2[0]))
    for q in ("未取得建设工程规划许可证进行建设", "占用城市道路", "露天焚烧秸秆"):
        assert [(h.provision_id, round(h.score, 5)) for h in one.search(q).hits] == \
            [(h.provision_id, round(h.score, 5)) for h in two.search(q).hits]
