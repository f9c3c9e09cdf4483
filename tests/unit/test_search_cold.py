"""Opening an on-disk index cheaply: the documents' attributes saved at commit, results identical."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np

from kg.search import WhooshIndex
from kg.search.postings import STATE_PREFIX, _read_columns
from tests.unit.test_search import DQ, RD, corpus, prov

QUERIES = ["村里有人未批先建", "田里烧秸秆", "城乡规划法64条", "乱贴小广告", "占用人行道设摊经营", "挖掘城市道路",
           "焚烧橡胶轮胎", "浙江 乱倒垃圾", "", "城市道路管理条例第二十七条"]


def _results(ix: WhooshIndex) -> list[object]:
    out: list[object] = []
    for q in QUERIES:
        for kw in ({}, {"as_of": date(2016, 1, 1)}, {"region": "浙江省"}, {"plain": True}):
            out.append(asdict(ix.search(q, **kw)))  # type: ignore[arg-type]
    return out


def _state_files(path: Path) -> list[Path]:
    return sorted(path.glob(f"{STATE_PREFIX}*.npz"))


def test_state_saved_at_commit_gives_identical_results(tmp_path: Path) -> None:
    path = tmp_path / "index"
    ix = WhooshIndex.create(path)
    ix.add(corpus())
    ix.commit()
    ix.close()
    assert len(_state_files(path)) == 1
    saved = WhooshIndex.open(path)
    st = saved._get_state()
    assert st.columns_loaded
    fresh_cols = _read_columns(st.reader)  # what decoding the meta column gives
    assert st.doc_id == fresh_cols.doc_id and st.article == fresh_cols.article
    assert st.statute_names == fresh_cols.names["statute"] and st.version_names == fresh_cols.names["version"]
    assert np.array_equal(st.version_code, fresh_cols.codes["version"])
    assert all(np.array_equal(st.length[k], v) for k, v in fresh_cols.length.items())

    for f in _state_files(path):
        f.unlink()
    fresh = WhooshIndex.open(path)
    assert not fresh._get_state().columns_loaded  # no file: decoded from the index
    assert _results(saved) == _results(fresh)
    assert saved.search("城乡规划法64条").hits  # the comparison is not of empty results


def test_a_stale_state_file_is_never_read(tmp_path: Path) -> None:
    path = tmp_path / "index"
    ix = WhooshIndex.create(path)
    ix.add(corpus())
    ix.commit()
    first = _state_files(path)
    ix.add([prov(DQ, "中华人民共和国大气污染防治法", "2018-10-26", date(2018, 10, 26), 82, "第八十二条",
                 "第八十二条 禁止在人口集中地区焚烧沥青、油毡、橡胶、塑料、皮革、垃圾。")])
    ix.commit()  # new segment: a new state file, the old one removed
    second = _state_files(path)
    assert len(second) == 1 and second != first
    ix.close()
    again = WhooshIndex.open(path)
    assert again._get_state().columns_loaded
    assert again.search("焚烧橡胶轮胎").hits[0].provision_id == f"{DQ}@2018-10-26/art_82"
    # a deletion changes the documents: the file of the earlier state does not match
    again.delete_catalog("test-catalog")
    again.commit()
    again.close()
    (path / second[0].name).write_bytes(b"not a state file")  # stale and broken: ignored
    third = WhooshIndex.open(path)
    assert not [h for h in third.search("乡村规划区内未取得乡村建设规划许可证").hits if h.kind == "item"]
    assert third.search("挖掘城市道路").hits[0].provision_id.startswith(RD)


def test_a_broken_state_file_falls_back_to_the_index(tmp_path: Path) -> None:
    path = tmp_path / "index"
    ix = WhooshIndex.create(path)
    ix.add(corpus())
    ix.commit()
    ix.close()
    expected = _results(WhooshIndex.open(path))
    (f,) = _state_files(path)
    f.write_bytes(b"garbage")
    broken = WhooshIndex.open(path)
    assert not broken._get_state().columns_loaded
    assert _results(broken) == expected
    assert broken.ensure_posting_arrays()  # writes the state file again
    assert WhooshIndex.open(path)._get_state().columns_loaded


def test_mapped_npz_gives_the_arrays_np_load_gives(tmp_path: Path) -> None:
    from kg.search.postings import _mapped_npz

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
        assert isinstance(got["a"], np.memmap) != compressed  # mapped, not copied, when stored uncompressed
