#!/bin/sh
# Install the pinned Cypher linter (package-lock.json) into tools/cypherlint/node_modules.
# Idempotent: does nothing when the pinned version is already installed.
set -eu
cd "$(dirname "$0")"
command -v node >/dev/null 2>&1 || { echo "cypherlint: node is not installed (need node >= 20)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "cypherlint: npm is not installed" >&2; exit 1; }
want=$(node -p "require('./package.json').dependencies['@neo4j-cypher/language-support']")
have=$(node -p "try { require('./node_modules/@neo4j-cypher/language-support/package.json').version } catch { '' }")
if [ "$have" = "$want" ]; then
    exit 0
fi
# the package declares node >= 24 but runs on node 20; the engine check is only a warning
npm ci --no-audit --no-fund --loglevel=error
