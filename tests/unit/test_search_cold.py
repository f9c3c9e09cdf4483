"""Opening an on-disk index cheaply: the documents' attributes saved at commit, results identical."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np

from kg.search import WhooshIndex
from kg.search.doc_columns import DOCS_PREFIX, _read_columns, docs_file_name
from tests.unit.search_fixture import DQ, RD, corpus, index_at, prov

QUERIES = ["村里有人未批先建", "田里烧秸秆", "城乡规划法64条", "乱贴小广告", "占用人行道设摊经营", "挖掘城市道路",
           "焚烧橡胶轮胎", "浙江 乱倒垃圾", "", "城市道路管理条例第二十七条"]


def _results(ix: WhooshIndex) -> list[object]:
    out: list[object] = []
    for q in QUERIES:
        for kw in ({}, {"as_of": date(2016, 1, 1)}, {"region": "浙江省"}, {"plain": True}):
            out.append(asdict(ix.search(q, **kw)))  # type: ignore[arg-type]
    return out


def _docs_files(path: Path) -> list[Path]:
    return sorted(path.glob(f"{DOCS_PREFIX}*.npz"))


def _assert_columns_equal_decoded(ix: WhooshIndex) -> None:
    st = ix._get_state()
    fresh = _read_columns(st.reader)  # what decoding the meta column of the whole index gives
    assert st.doc_id == fresh.doc_id and st.article == fresh.article
    for k in ("statute", "version", "region", "level", "catalog"):
        assert getattr(st, f"{k}_names") == fresh.names[k], k
        assert np.array_equal(getattr(st, f"{k}_code"), fresh.codes[k]), k
    assert all(np.array_equal(st.length[k], v) for k, v in fresh.length.items())
    assert np.array_equal(st.is_item, fresh.is_item)
    assert st.live.tolist() == [not st.reader.is_deleted(d) for d in range(st.n)]
    assert np.array_equal(st.penalty, fresh.penalty) and np.array_equal(st.violated, fresh.violated)


def _assert_frequencies_are_posting_lengths(ix: WhooshIndex) -> None:
    """``postings`` (slices of the saved arrays, filtered only in segments with deletions) hold the live documents
    whoosh finds, and ``doc_frequency`` (read off the arrays' offsets when it can) counts them."""
    from whoosh.reading import TermNotFound

    from kg.search.posting_arrays import _text
    from kg.search.schema import TOKEN_FIELDS

    st = ix._get_state()
    checked = 0
    for f in TOKEN_FIELDS:
        if f not in st.reader.schema:
            continue
        for term in [_text(t) for t, _ in st.reader.iter_field(f)]:
            p = st.postings(f, term)
            got = [] if p is None else p[0].tolist()
            try:  # whoosh's own matcher, which leaves deleted documents out
                expected = list(st.reader.postings(f, term).all_ids())
            except TermNotFound:  # only in deleted documents
                expected = []
            assert sorted(got) == sorted(expected) and all(st.live[d] for d in got), (f, term)
            assert st.doc_frequency(f, term) == len(expected), (f, term)
            checked += 1
    assert checked > 100
    assert st.doc_frequency("text", "没有这个词") == 0


def _segments(ix: WhooshIndex) -> set[str]:
    return {leaf.segment().segment_id() for leaf, _ in ix._get_state().leaves}


def test_saved_attributes_give_identical_results(tmp_path: Path) -> None:
    path = tmp_path / "index"
    index_at(path, corpus()).close()
    saved = WhooshIndex.open(path)
    assert {f.name for f in _docs_files(path)} == {docs_file_name(s) for s in _segments(saved)}
    assert saved._get_state().columns_loaded
    _assert_columns_equal_decoded(saved)

    for f in _docs_files(path):
        f.unlink()
    fresh = WhooshIndex.open(path)
    assert not fresh._get_state().columns_loaded  # no files: decoded from the index
    assert _results(saved) == _results(fresh)
    assert saved.search("城乡规划法64条").hits  # the comparison is not of empty results
    assert fresh.ensure_posting_arrays()  # writes them again
    assert WhooshIndex.open(path)._get_state().columns_loaded


def test_new_segments_and_deletions(tmp_path: Path) -> None:
    path = tmp_path / "index"
    ix = index_at(path, corpus())
    ix.add([prov(DQ, "中华人民共和国大气污染防治法", "2018-10-26", date(2018, 10, 26), 82, "第八十二条",
                 "第八十二条 禁止在人口集中地区焚烧沥青、油毡、橡胶、塑料、皮革、垃圾。")])
    ix.commit()  # a new segment: its own file
    ix.close()
    again = WhooshIndex.open(path)
    assert len(_segments(again)) > 1
    assert {f.name for f in _docs_files(path)} == {docs_file_name(s) for s in _segments(again)}
    assert again._get_state().columns_loaded
    _assert_columns_equal_decoded(again)
    assert again.search("焚烧橡胶轮胎").hits[0].provision_id == f"{DQ}@2018-10-26/art_82"
    assert again._get_state().all_arrays and not again._get_state().has_deletions  # the offsets' path
    _assert_frequencies_are_posting_lengths(again)
    again.delete_catalog("test-catalog")  # deletions (and a merge): read from the index at open
    again.commit()
    again.close()
    third = WhooshIndex.open(path)
    assert {f.name for f in _docs_files(path)} == {docs_file_name(s) for s in _segments(third)}
    assert third._get_state().columns_loaded
    _assert_columns_equal_decoded(third)
    assert not [h for h in third.search("乡村规划区内未取得乡村建设规划许可证").hits if h.kind == "item"]
    assert third.search("挖掘城市道路").hits[0].provision_id.startswith(RD)
    _assert_frequencies_are_posting_lengths(third)
    expected = _results(third)
    for f in _docs_files(path)[:1]:
        f.write_bytes(b"not a docs file")  # broken: that segment is decoded instead
    broken = WhooshIndex.open(path)
    assert not broken._get_state().columns_loaded
    _assert_columns_equal_decoded(broken)
    assert _results(broken) == expected


def test_mapped_npz_gives_the_arrays_np_load_gives(tmp_path: Path) -> None:
    from kg.search.mapped_npz import _mapped_npz

    arrays = {"a": np.arange(1000, dtype=np.int32), "b": np.zeros(0, dtype=np.float32),
              "c": np.frombuffer("城乡规划法\n第六十四条".encode(), dtype=np.uint8), "d": np.ones((3, 4), dtype=bool),
              "e": np.asfortranarray(np.arange(12, dtype=np.int64).reshape(3, 4))}
    for compressed in (False, True):
        path = tmp_path / f"x{compressed}.npz"
        (np.savez_compressed if compressed else np.savez)(path, **arrays)  # type: ignore[operator]
        got = _mapped_npz(path)
        assert set(got) == set(arrays)
        for k, v in arrays.items():
            assert got[k].dtype == v.dtype and got[k].shape == v.shape and np.array_equal(got[k], v), k
        # mapped, not copied, when stored uncompressed: a plain ndarray over the map (its slices are cheap)
        assert type(got["a"]) is np.ndarray
        assert isinstance(got["a"].base, np.memmap) != compressed
        assert not got["a"].flags.writeable or compressed


def test_a_replaced_document_is_deleted_in_its_saved_segment(tmp_path: Path) -> None:
    path = tmp_path / "index"
    ix = index_at(path, corpus())
    changed = prov(RD, RD, "2019-03-24", date(2019, 3, 24), 27, "第二十七条", "第二十七条 城市道路范围内禁止晾晒蜂蜡。",
                   level="行政法规")
    ix.add([changed])
    ix.commit()
    ix.close()
    again = WhooshIndex.open(path)
    st = again._get_state()
    assert st.columns_loaded and st.has_deletions and not st.live.all()
    _assert_columns_equal_decoded(again)
    hits = again.search("晾晒蜂蜡").hits
    assert hits and hits[0].provision_id == changed.doc_id
    assert st.by_id[changed.doc_id] == max(d for d, i in enumerate(st.doc_id) if i == changed.doc_id)
    assert st.all_arrays and False in st.leaf_deleted  # a segment with some documents deleted
    _assert_frequencies_are_posting_lengths(again)


def test_deletions_in_a_later_segment(tmp_path: Path) -> None:
    path = tmp_path / "index"
    ix = index_at(path, corpus())

    def doc(text: str):  # type: ignore[no-untyped-def]
        return prov(DQ, "中华人民共和国大气污染防治法", "2018-10-26", date(2018, 10, 26), 82, "第八十二条", text)

    ix.add([doc("第八十二条 禁止焚烧蜂蜡。")])
    ix.commit()
    ix.add([doc("第八十二条 禁止焚烧鹅毛。")])  # deletes the document of the second segment
    ix.commit()
    ix.close()
    again = WhooshIndex.open(path)
    st = again._get_state()
    assert st.columns_loaded and any(base > 0 and leaf.has_deletions() for leaf, base in st.leaves)
    _assert_columns_equal_decoded(again)
    art82 = f"{DQ}@2018-10-26/art_82"
    assert art82 in [h.provision_id for h in again.search("焚烧鹅毛").hits]
    assert art82 not in [h.provision_id for h in again.search("蜂蜡").hits]  # the deleted text is not found
    assert st.all_arrays and st.leaf_deleted[0] is None and any(d is not None for d in st.leaf_deleted)
    _assert_frequencies_are_posting_lengths(again)
