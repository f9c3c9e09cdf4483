"""A catalog item is offered only in its catalog's region, while its catalog is in force.

Before, an item's search document took the region of the first statute it cites: a Shenzhen district's
item citing national law (or citing nothing) was offered to an officer in 柯城区 as if it were theirs.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from api.service import Yiju
from ingest.pipeline import ingest_catalog, ingest_laws
from kg.datadir import DataDir
from kg.settings import Settings

DEMO_LAWS = Path(__file__).resolve().parents[2] / "demo" / "laws"
GREENING = "行政法规/城市绿化条例(2017-03-01).md"
ITEM = "对擅自砍伐城市树木的处罚"


def _csv(folder: Path, name: str, department: str, meta: str | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("序号,事项名称,法律依据,主管部门,承接乡镇\n"
                    f"1,{ITEM},《城市绿化条例》第二十六条,{department},甲镇\n", "utf-8")
    if meta:
        (folder / (path.stem + ".meta.yaml")).write_text(meta, "utf-8")
    return path


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Yiju:
    tmp = tmp_path_factory.mktemp("item-region")
    laws = tmp / "laws" / GREENING
    laws.parent.mkdir(parents=True)
    shutil.copy(DEMO_LAWS / GREENING, laws)
    data = DataDir(tmp / "data")
    ingest_laws([tmp / "laws"], data, workers=1)
    # no region in the metadata: read from the department's name
    ingest_catalog(_csv(tmp / "a", "longhua.csv", "深圳市龙华区城市管理和综合执法局", None), data)
    # region given, in force from 2023-01-01
    ingest_catalog(_csv(tmp / "b", "kecheng.csv", "柯城区综合行政执法局",
                        'doc_number: "柯政发〔2022〕9号"\nregion: 浙江省衢州市柯城区\neffective: 2023-01-01\n'), data)
    # nothing says where: never offered for a region
    ingest_catalog(_csv(tmp / "c", "nowhere.csv", "综合行政执法局", 'doc_number: "某发〔2022〕1号"\n'), data)
    return Yiju(Settings(data_dir=data.root))


def _item_catalogs(service: Yiju, region: str | None, as_of: date) -> set[str]:
    res = service.search(ITEM, region=region, as_of=as_of, limit=20)
    return {h.get("catalog_key") or "" for h in res["hits"] if h.get("kind") == "item"}


def test_items_only_in_their_catalogs_region(service: Yiju) -> None:
    day = date(2024, 1, 1)
    kecheng = _item_catalogs(service, "浙江省衢州市柯城区", day)
    assert any("柯政发" in k for k in kecheng)
    assert not any(k.startswith(("longhua", "某发")) for k in kecheng), kecheng
    shenzhen = _item_catalogs(service, "广东省深圳市龙华区", day)
    assert any(k.startswith("longhua") for k in shenzhen)
    assert not any("柯政发" in k or k.startswith("某发") for k in shenzhen), shenzhen
    # no region known: every catalog's item may be offered
    assert len(_item_catalogs(service, None, day)) == 3


def test_items_only_while_their_catalog_is_in_force(service: Yiju) -> None:
    assert not any("柯政发" in k for k in _item_catalogs(service, "浙江省衢州市柯城区", date(2022, 6, 1)))


def test_provision_hits_list_only_this_regions_items(service: Yiju) -> None:
    res = service.search(ITEM, region="浙江省衢州市柯城区", as_of=date(2024, 1, 1), limit=20)
    hit = next(h for h in res["hits"] if h.get("kind") == "provision" and h["items"])
    assert {i["catalog_key"] for i in hit["items"]} == {"柯政发〔2022〕9号"}
    assert hit["items_other_regions"] == 2
    everywhere = service.search(ITEM, as_of=date(2024, 1, 1), limit=20)
    same = next(h for h in everywhere["hits"] if h["provision_id"] == hit["provision_id"])
    assert len(same["items"]) == 3 and "items_other_regions" not in same
