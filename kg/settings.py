"""Settings, read once from the environment (prefix ``YIJU_``) or a .env file."""

from __future__ import annotations

import hmac
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1024 * 1024


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
    # POST /catalogs needs one of these tokens; none set = uploads disabled.
    upload_token: str | None = None  # one token, named "default"
    upload_tokens: str | None = None  # several named tokens: "alice:tok1,bob:tok2"
    # limits of one upload, checked before the catalog is parsed
    upload_max_bytes: int = 20 * MIB  # the whole request body
    upload_max_rows: int = 20_000  # rows over all sheets (real catalogs hold hundreds to a few thousand)
    upload_max_cell_chars: int = 65_536  # characters in one cell
    upload_max_cells: int = 1_000_000  # cells of an .xlsx over all sheets (what openpyxl's memory grows with)
    upload_max_uncompressed_bytes: int = 64 * MIB  # sum of the members of an .xlsx
    upload_max_sheets: int = 50  # worksheets of one workbook
    upload_max_queued: int = 4  # upload jobs waiting behind the running one
    hearing_province: str | None = None  # province whose 较大数额 thresholds apply by default
    # seconds a writer (ingest, rollback) waits while another one holds the data dir's writer lock, then
    # fails with WRITER_BUSY; unset: CLI_WRITER_WAIT (the CLI, and the server's upload jobs, which run
    # off the event loop and so can wait)
    writer_wait: float | None = None

    @model_validator(mode="after")
    def _check_tokens(self) -> Settings:
        self.named_tokens()  # a malformed YIJU_UPLOAD_TOKENS fails at start, not at the first upload
        return self

    def named_tokens(self) -> dict[str, str]:
        """Token name -> token; YIJU_UPLOAD_TOKEN is named "default".

        >>> Settings(upload_token="t0", upload_tokens="alice:t1, bob:t2").named_tokens()
        {'default': 't0', 'alice': 't1', 'bob': 't2'}
        """
        tokens: dict[str, str] = {}
        if self.upload_token:
            tokens["default"] = self.upload_token
        for entry in (self.upload_tokens or "").split(","):
            entry = entry.strip()
            if not entry:
                continue
            name, sep, token = entry.partition(":")
            name, token = name.strip(), token.strip()
            if not sep or not name or not token:
                raise ValueError(f"YIJU_UPLOAD_TOKENS 的条目「{entry[:40]}」应写成 名称:令牌")
            if name in tokens:
                raise ValueError(f"YIJU_UPLOAD_TOKENS 中的名称「{name}」重复")
            tokens[name] = token
        return tokens

    def token_actor(self, given: str | None) -> str | None:
        """The name of the token given, compared in constant time with every token; None if none matches.

        >>> s = Settings(upload_tokens="alice:t1,bob:t2")
        >>> s.token_actor("t2"), s.token_actor("t3"), s.token_actor(None)
        ('bob', None, None)
        """
        if not given:
            return None
        found = None
        probe = given.encode("utf-8")
        for name, token in self.named_tokens().items():
            if hmac.compare_digest(probe, token.encode("utf-8")) and found is None:
                found = name
        return found


CLI_WRITER_WAIT = 60.0


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
