#!/usr/bin/env bash
# Install everything the tests need (idempotent) and run the whole test suite.
# Used as-is by CI (.ci/run). Works on a fresh machine: creates .venv, installs
# the package with its test extras, Debian's chromium + chromium-driver for the
# browser tests (when run as root), and Neo4j's Cypher linter (npm, pinned).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
   || ! [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing chromium, chromium-driver and a CJK font (Debian)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
  else
    echo "test.sh: chromium/chromium-driver missing and not root: browser tests will skip (fail under CI=true)" >&2
  fi
fi

if [ -x tools/cypherlint/install.sh ] || [ -f tools/cypherlint/install.sh ]; then
  bash tools/cypherlint/install.sh
fi

.venv/bin/python tools/typecheck.py --no-error-summary || { echo "test.sh: mypy found type errors" >&2; exit 1; }

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "test.sh: pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"
