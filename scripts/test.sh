#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian 12 machine, installing what it needs.
#   habits:                rustfmt, clippy -D warnings, cargo-deny licences and bans (scripts/lint.sh)
#   engine, store and CLI: cargo test (unit, conformance cases, proptests, crash tests)
#   front-end logic:       vitest (when ui/ exists)
#   the real app:          WebDriver end-to-end test under Xvfb (scripts/e2e.sh)
#   Windows:               cross-built and tested under Wine, the installer (scripts/test-windows.sh;
#                          SKIP_WINDOWS=1 skips it)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/lint.sh
cargo test --workspace --locked
if [ -f ui/package.json ]; then
  (cd ui && npm ci --no-audit --no-fund && npm test)
fi
if [ -x scripts/e2e.sh ]; then
  scripts/e2e.sh
fi
# The Windows build under Wine, a second step; only SKIP_WINDOWS=1 skips it.
if [ "${SKIP_WINDOWS:-0}" = 1 ]; then
  echo "test: the Windows build is not tested (SKIP_WINDOWS=1)"
else
  scripts/test-windows.sh
fi
