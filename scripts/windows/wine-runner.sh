#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu (CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER):
# runs a Windows test program under Wine in the prefix scripts/test-windows.sh made
# (WINEPREFIX), and stops one that hangs (WINDOWS_TEST_TIMEOUT seconds, default 1200).
set -euo pipefail
: "${WINEPREFIX:?run through scripts/test-windows.sh, which sets up the Wine prefix}"
exec timeout --kill-after=10 "${WINDOWS_TEST_TIMEOUT:-1200}" wine "$@"
