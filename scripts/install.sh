#!/usr/bin/env bash
# Install Yiju into the project's virtual environment (.venv at the repo root, or $YIJU_VENV), created here
# with `python3 -m venv`, so it works on a system Python that refuses pip (externally-managed-environment).
# With --test also the test tools: browser, CJK fonts (the Neo4j launcher builds itself on first start).
# Prints nothing on success but one line naming the environment; other scripts run "$VENV/bin/python".
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${YIJU_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
as_root() { [ "$(id -u)" = 0 ]; }

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "错误：未找到 $PYTHON（需要 Python ≥ 3.11）" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "错误：需要 Python ≥ 3.11，当前为 $("$PYTHON" -V 2>&1)（可用 PYTHON=python3.11 指定解释器）" >&2
  exit 1
fi

venv_works() { "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; }

if [ ! -x "$VENV/bin/python" ]; then
  if ! venv_works; then
    # Debian and Ubuntu ship venv's ensurepip in a separate package
    pkg="python3-venv"
    minor="$("$PYTHON" -c 'import sys; print(f"python{sys.version_info[0]}.{sys.version_info[1]}-venv")')"
    if as_root && command -v apt-get >/dev/null 2>&1; then
      echo "安装 $pkg（创建虚拟环境所需）…" >&2
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null 2>&1 \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$minor" >/dev/null
    fi
    if ! venv_works; then
      echo "错误：$PYTHON 无法创建虚拟环境（缺少 venv/ensurepip）。请先安装：sudo apt-get install -y $pkg" \
           "（或 $minor），然后重新运行本命令。" >&2
      exit 1
    fi
  fi
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi

extras=""
if [ "${1:-}" = "--test" ]; then extras="[test]"; fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".${extras}"
echo "已安装到虚拟环境 $VENV（$("$VENV/bin/python" -V 2>&1)）" >&2

if [ "${1:-}" = "--test" ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    if as_root; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "missing system packages: ${missing[*]} (apt-get install them as root)" >&2
    fi
  fi
fi
