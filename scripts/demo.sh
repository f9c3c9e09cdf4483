#!/usr/bin/env bash
# Install Yiju (into .venv), ingest the bundled demo data (statutes + delegation catalogs) and serve API + web UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
VENV="${YIJU_VENV:-.venv}"
export YIJU_DATA_DIR="${YIJU_DATA_DIR:-$PWD/var/data}"
exec "$VENV/bin/python" -m api.cli demo "$@"
