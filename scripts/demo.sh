#!/usr/bin/env bash
# Install Yiju, ingest the bundled demo data (statutes + delegation catalogs) and serve API + web UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export YIJU_DATA_DIR="${YIJU_DATA_DIR:-$PWD/var/data}"
exec yiju demo "$@"
