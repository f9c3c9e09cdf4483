#!/usr/bin/env bash
# Install everything the test suite needs, start Neo4j, run every test, stop Neo4j.
# This is the README's test command and what .ci/run calls; everything runs in the project's .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh --test
VENV="${YIJU_VENV:-.venv}"

# Gates before the tests: lint (pyproject's rule sets), strict typing of the core and typing of api/ (the venv's tools).
"$VENV/bin/python" -m ruff check .
"$VENV/bin/python" -m mypy kg ingest api

# Neo4j for the contract suite: a real server from Maven artifacts, stopped on exit.
if [ -z "${YIJU_NEO4J_URI:-}" ]; then
  export YIJU_NEO4J_PORT="${YIJU_NEO4J_PORT:-7697}"
  trap 'bash tools/neo4j/neo4j.sh stop >/dev/null 2>&1 || true' EXIT
  YIJU_NEO4J_URI="$(bash tools/neo4j/neo4j.sh start | tail -n 1)"
  export YIJU_NEO4J_URI
  echo "Neo4j: $YIJU_NEO4J_URI"
fi

"$VENV/bin/python" -m pytest "$@"
