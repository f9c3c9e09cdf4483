"""The ``yiju`` command over the demo data, run as a person runs it (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def yiju(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "YIJU_DATA_DIR": str(data), "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=REPO, env=env, capture_output=True, check=False,
                          text=True, timeout=120)


def test_empty_search_is_bad_input(demo_data: Path) -> None:
    run = yiju(demo_data, "search", "  ")
    assert run.returncode == 2
    assert "错误 [EMPTY_QUERY]" in run.stderr and "不能为空" in run.stderr
    assert "Traceback" not in run.stderr


def test_search_labels_roles_and_keeps_snippets_whole(demo_data: Path) -> None:
    run = yiju(demo_data, "search", "占用城市道路", "--limit", "5")
    assert run.returncode == 0, run.stderr
    assert "[违则]" in run.stdout and "[罚则]" in run.stdout
    assert "[yello" not in run.stdout and "<em>" not in run.stdout


def test_check_by_query_leaves_out_unknown_rows(demo_data: Path) -> None:
    run = yiju(demo_data, "check", "--township", "航埠镇", "--query", "有人在人行道上摆摊")
    assert run.returncode == 0, run.stderr
    assert "None" not in run.stdout
    assert "持有" in run.stdout


def test_show_prints_the_article(demo_data: Path) -> None:
    run = yiju(demo_data, "show", "城市道路管理条例/art_42")
    assert run.returncode == 0, run.stderr
    assert "第四十二条" in run.stdout and "执法主体" in run.stdout


@pytest.mark.parametrize("pid", ["城市道路管理条例/art_999", "没有这部法/art_1"])
def test_show_unknown_provision_exits_2(demo_data: Path, pid: str) -> None:
    run = yiju(demo_data, "show", pid)
    assert run.returncode == 2
    assert run.stderr.startswith("错误 [")


@pytest.mark.skipif(not (REPO.parent / "shared" / "corpus" / "laws").is_dir(), reason="shared corpus not present")
def test_eval_penalties_scores_the_fresh_held_out_sample_by_default(tmp_path: Path) -> None:
    # the first sample's held-out half and penalty_heldout2.yaml are spent: held_out means penalty_heldout3.yaml
    # (84 provisions)
    run = yiju(tmp_path, "eval-penalties", "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["half"] == "held_out" and report["provisions"] == 84
    assert set(report["fields"]) >= {"is_penalty", "kinds", "fines", "body", "violated"}
