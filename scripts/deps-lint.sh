#!/usr/bin/env bash
# The habits' tools (run by scripts/install-deps.sh; idempotent): rustfmt and clippy from
# the toolchain, and cargo-deny (built from crates.io, about 3 minutes once) for the
# licence and ban checks in scripts/lint.sh.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
if command -v rustup >/dev/null; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi
if ! command -v cargo-deny >/dev/null; then
  echo "deps-lint: installing cargo-deny"
  cargo install cargo-deny --version '^0.20' --locked
fi
