"""Clients over a private, writable copy of the demo data (uploads change it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app


@pytest.fixture
def writable_data(demo_data: Path, tmp_path: Path) -> Path:
    """A private copy of the demo data dir that a test may write to."""
    import shutil

    root = tmp_path / "data"
    shutil.copytree(demo_data, root, symlinks=True)
    return root


@pytest.fixture
def writable_client(writable_data: Path) -> Iterator[TestClient]:
    from api.service import Yiju
    from kg.settings import Settings

    settings = Settings(data_dir=writable_data, upload_token="t", upload_tokens="alice:tok-alice,bob:tok-bob")
    app = create_app(settings, Yiju(settings))
    with TestClient(app) as client:
        yield client
