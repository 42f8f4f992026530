#!/usr/bin/env bash
# The end-to-end test of the real built app: builds the front-end and the app (debug,
# the profile `cargo test` already built), then drives the app over WebDriver
# (tauri-driver + WebKitWebDriver) under Xvfb, inside a network namespace that has
# only loopback, so the app is proven to work with no network at all. Screenshots and
# the report (timings, memory, axe-core) go to test-artifacts/.
#   E2E_NO_NETNS=1        run without the network namespace (where unshare is not allowed)
#   E2E_APP=PATH          test this binary (e.g. the release build) ...
#   E2E_BUILD=none        ... without building the debug app first
#   E2E_PATHWAYS=PATH     the `pathways` command the signed-packs session signs with
#                         (default: the debug build)
#   E2E_ARTIFACTS_DIR=DIR put screenshots and the report there (default test-artifacts/)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

scripts/deps-app.sh
if [ "${E2E_BUILD:-debug}" != none ]; then
  (cd ui && npm run build)
  # The app, and the `pathways` command the signed-packs session makes its keys and bundles with.
  cargo build --locked -p safeguarding-pathways -p pathways-cli
fi
cargo test --locked --manifest-path tests/e2e/Cargo.toml --no-run

artifacts="${E2E_ARTIFACTS_DIR:-$PWD/test-artifacts}"
rm -rf "$artifacts"
mkdir -p "$artifacts"
export E2E_APP="${E2E_APP:-$CARGO_TARGET_DIR/debug/safeguarding-pathways}"
export E2E_PATHWAYS="${E2E_PATHWAYS:-$CARGO_TARGET_DIR/debug/pathways}"
export E2E_ARTIFACTS="$artifacts"
export E2E_AXE="$PWD/ui/node_modules/axe-core/axe.min.js"
export E2E_DRIVER="http://127.0.0.1:4444"
# No desktop session here: keep WebKit from looking for an accessibility bus or a keyring.
export NO_AT_BRIDGE=1 GTK_A11Y=none
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

inside="$(mktemp)"
trap 'rm -f "$inside"' EXIT
cat >"$inside" <<'INSIDE'
set -euo pipefail
ip link set lo up 2>/dev/null || true
tauri-driver --port 4444 --native-port 4445 >"$E2E_ARTIFACTS/tauri-driver.log" 2>&1 &
driver=$!
# SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too.
trap 'kill -TERM $driver 2>/dev/null; wait $driver 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && break
  sleep 0.1
done
cargo test --locked --manifest-path tests/e2e/Cargo.toml --test app -- --ignored --nocapture --test-threads=1
INSIDE

run() { xvfb-run -a -s "-screen 0 1280x800x24" bash "$inside"; }
if [ "${E2E_NO_NETNS:-}" = 1 ]; then
  echo "e2e: running WITHOUT a network namespace (E2E_NO_NETNS=1)"
  run
else
  echo "e2e: running in a network namespace with only loopback (no network)"
  unshare --net -- bash -c "$(declare -f run); inside='$inside'; run"
fi
echo "e2e: screenshots and report in $artifacts"
