"""`yiju eval`: split selection and the verbose listing (ids, queries, expected and found provisions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

CASES = """
cases:
- id: cli-1
  query: 在电线杆上乱贴小广告
  expected:
  - {law: 城市市容和环境卫生管理条例, article: 34}
- id: cli-2
  query: 村民未批先建
  region: 浙江省衢州市柯城区
  expected:
  - {law: 中华人民共和国城乡规划法, article: 65}
"""


@pytest.fixture()
def cli(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    from kg.settings import get_settings

    monkeypatch.setenv("YIJU_DATA_DIR", str(demo_data))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_eval_verbose_names_every_case(cli: CliRunner, tmp_path: Path) -> None:
    from api.cli import app

    gold = tmp_path / "g.yaml"
    gold.write_text(CASES, encoding="utf-8")
    res = cli.invoke(app, ["eval", str(gold), "--verbose"])
    assert res.exit_code == 0, res.output
    for text in ("cli-1", "在电线杆上乱贴小广告", "cli-2", "村民未批先建", "浙江省衢州市柯城区", "期望：",
                 "城乡规划法第六十五条"):
        assert text in res.output
    res = cli.invoke(app, ["eval", str(gold), "--verbose", "--json"])
    assert res.exit_code == 0, res.output
    import json

    details = json.loads(res.output)["details"]
    assert [d["id"] for d in details] == ["cli-1", "cli-2"] and details[1]["query"] == "村民未批先建"


def test_eval_split_selects_part(cli: CliRunner, tmp_path: Path) -> None:
    import json

    from api.cli import app
    from kg.evaluation import is_held_out

    gold = tmp_path / "g.yaml"
    gold.write_text(CASES, encoding="utf-8")
    held = sum(is_held_out(q) for q in ("在电线杆上乱贴小广告", "村民未批先建"))
    out = {}
    for part in ("all", "tuning", "held-out"):
        res = cli.invoke(app, ["eval", str(gold), "--split", part, "--json"])
        assert res.exit_code == 0, res.output
        out[part] = json.loads(res.output)["cases"]
    assert out == {"all": 2, "tuning": 2 - held, "held-out": held}
