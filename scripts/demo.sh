#!/usr/bin/env bash
# Install qinyou into .venv (idempotent) and run the main job: the app on the
# demo corpus, in the embedded store (no server needed). Extra arguments go to
# `qinyou demo` (e.g. --port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/qinyou demo "$@"
