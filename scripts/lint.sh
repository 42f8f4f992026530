#!/usr/bin/env bash
# The project's habits, checked (CI runs this from scripts/test.sh):
#   formatting (rustfmt.toml), clippy with warnings as errors on every target,
#   and cargo-deny's licence and ban checks, offline (deny.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo fmt --all -- --check
(cd tests/e2e && cargo fmt -- --check)
# ui/dist must exist for the app crate to compile (scripts/deps-app.sh builds it).
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo deny --offline check licenses bans
echo "lint: formatting, clippy and cargo-deny clean"
