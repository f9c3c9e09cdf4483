"""Settings, read once from the environment (prefix ``YIJU_``) or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="YIJU_", env_file=".env", extra="ignore")

    data_dir: Path = Path.home() / ".local" / "share" / "yiju"
    graph_backend: Literal["networkx", "neo4j"] = "networkx"
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"
    host: str = "127.0.0.1"
    port: int = 8000
    upload_token: str | None = None  # POST /catalogs needs it; unset = uploads disabled
    hearing_province: str | None = None  # province whose 较大数额 thresholds apply by default
    # seconds a writer (ingest, rollback) waits while another one holds the data dir's writer lock, then
    # fails with WRITER_BUSY; unset: the CLI waits CLI_WRITER_WAIT, the server does not wait
    writer_wait: float | None = None


CLI_WRITER_WAIT = 60.0


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
