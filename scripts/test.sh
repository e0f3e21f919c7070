#!/usr/bin/env bash
# Install everything the tests need (idempotent) and run the whole test suite.
# Used as-is by CI (.ci/run). Works on a fresh machine: creates .venv, installs
# the package with its test extras, Debian's chromium + chromium-driver for the
# browser tests (when run as root), and Neo4j's Cypher linter (npm, pinned).
# The Neo4j tier runs against a throw-away Neo4j 5.26 that this script starts on
# loopback (scripts/neo4j-local.sh, state in .neo4j/test) and stops on exit; with
# QINYOU_NEO4J_URI already set it uses that server instead (and does not wipe it).
# Without Java 17+ or Maven the tier is skipped, visibly; under CI=true that fails.
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

if [ -z "${QINYOU_NEO4J_URI:-}" ]; then
  export NEO4J_LOCAL_DIR="$PWD/.neo4j/test" NEO4J_LOCAL_FRESH=1
  set +e
  neo4j_env=$(bash scripts/neo4j-local.sh start)
  neo4j_status=$?
  set -e
  if [ "$neo4j_status" -eq 0 ]; then
    trap 'bash scripts/neo4j-local.sh stop || true' EXIT
    trap 'exit 130' INT TERM  # the EXIT trap then stops the server
    eval "$neo4j_env"
    unset QINYOU_STORE  # the tests choose their store; the server is for the Neo4j tier
    export QINYOU_TEST_NEO4J_SCRATCH=1  # ours alone: the tier may empty it
  elif [ "$neo4j_status" -eq 3 ] && [ "${CI:-}" != "true" ]; then
    echo "test.sh: no Java 17+ or Maven: the Neo4j tier is SKIPPED (it fails under CI=true)" >&2
  else
    echo "test.sh: could not start the local Neo4j server (scripts/neo4j-local.sh start): failing" >&2
    exit 1
  fi
fi

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "test.sh: pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"
