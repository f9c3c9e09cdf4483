"""Start/stop the local Neo4j 5.26 test server (tools/neo4j/neo4j.sh) from Python.

Used by the pytest session fixture: ``start_server()`` returns the bolt URI of a
running server (starting one, and building the launcher with Maven, only if
needed); ``stop_server()`` stops it.  Settings come from the environment
(``YIJU_NEO4J_HOME``, ``YIJU_NEO4J_PORT``, ``YIJU_NEO4J_PASSWORD``, ... — see
tools/neo4j/README.md).  Standard library only.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Mapping
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "neo4j" / "neo4j.sh"

# A first start may have to download the Maven dependencies and create the store;
# the script itself gives up on the server after YIJU_NEO4J_START_TIMEOUT (180 s).
_START_TIMEOUT_S = 900
_STOP_TIMEOUT_S = 180
_TAIL_CHARS = 4000


def _run(command: str, env: Mapping[str, str] | None, timeout: float) -> subprocess.CompletedProcess[str]:
    if not SCRIPT.is_file():
        raise RuntimeError(f"Neo4j launcher script not found: {SCRIPT}")
    full_env = {**os.environ, **(env or {})}
    try:
        return subprocess.run(
            ["bash", str(SCRIPT), command],
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        raise RuntimeError(
            f"neo4j.sh {command} timed out after {timeout:.0f} s\n{err[-_TAIL_CHARS:]}"
        ) from exc


def free_port() -> int:
    """A TCP port on 127.0.0.1 free right now: for a private server (``YIJU_NEO4J_PORT``) beside others."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: Mapping[str, str] | None = None) -> str:
    """Start the server if it is not running; return its bolt URI (``bolt://127.0.0.1:PORT``).

    Raises RuntimeError carrying the script's message and the server log tail on failure.
    """
    proc = _run("start", env, _START_TIMEOUT_S)
    lines = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines or not lines[-1].startswith("bolt://"):
        output = (proc.stderr + proc.stdout)[-_TAIL_CHARS:]
        raise RuntimeError(f"Neo4j server failed to start (neo4j.sh exit {proc.returncode}):\n{output}")
    return lines[-1]


def server_running(env: Mapping[str, str] | None = None) -> bool:
    """True when the launcher's server (for this state dir) is running (``neo4j.sh status``)."""
    return _run("status", env, _STOP_TIMEOUT_S).returncode == 0


def stop_server(env: Mapping[str, str] | None = None) -> None:
    """Stop the server (SIGTERM, then SIGKILL after 60 s); a no-op when it is not running."""
    proc = _run("stop", env, _STOP_TIMEOUT_S)
    if proc.returncode != 0:
        output = (proc.stderr + proc.stdout)[-_TAIL_CHARS:]
        raise RuntimeError(f"Neo4j server failed to stop (neo4j.sh exit {proc.returncode}):\n{output}")
