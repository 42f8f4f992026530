#!/usr/bin/env bash
# Starts the desktop app on a fresh Debian 12 machine: installs what it needs, builds
# the front-end and the app (release), and runs it. Arguments go to the app, e.g.
#   scripts/run-app.sh --now 2026-11-21T19:40     (a fixed clock, for training)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
(cd ui && npm run build)
cargo build --locked --release -p safeguarding-pathways
exec "$CARGO_TARGET_DIR/release/safeguarding-pathways" "$@"
