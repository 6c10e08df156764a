#!/usr/bin/env bash
# Runs every test: type check, lint, unit + integration (vitest), then the browser end-to-end tests
# in headless Chromium. Installs what the tests need when it can (npm packages; Debian's chromium
# when root), otherwise prints the exact command to run.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
echo "== generating the bundled sample cases (deterministic, a few seconds)"
npm run --silent samples
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "== installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium. Run:  sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

echo "== type check"
npx tsc --noEmit -p tsconfig.json
echo "== lint"
npx eslint .
echo "== unit and integration tests"
npx vitest run
echo "== browser end-to-end tests"
node scripts/e2e.mjs
