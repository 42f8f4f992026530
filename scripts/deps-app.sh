#!/usr/bin/env bash
# The desktop app's own dependencies, after the apt packages in deps-apt.txt (run by
# scripts/install-deps.sh; idempotent): tauri-driver for the end-to-end test, the
# front-end's npm packages, and the built front-end, which the app embeds when it
# compiles (so `cargo test --workspace` needs ui/dist before it starts).
set -euo pipefail
cd "$(dirname "$0")/.."

# Node.js 20.19 or newer (Vite 8). This machine kind ships it; Debian 12's own is too old.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  echo "deps-app: Node.js 20.19 or newer is needed for the front-end (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null; then
  echo "deps-app: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

# npm packages: again only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi

# The front-end: again only when a source is newer than the build.
if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/vite.config.ts ui/package-lock.json -newer ui/dist/index.html -print -quit)" ]; then
  (cd ui && npm run build)
fi
