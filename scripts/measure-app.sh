#!/usr/bin/env bash
# Measures the desktop app beside a bare Tauri 2 app, in the same run on the same
# machine (not part of CI; run by hand, after scripts/install-deps.sh):
#   start-up  exec to first interactive screen, warm, median of N runs (`--timings`): the
#             app with no local pack and with an imported signed one, and bare Tauri
#             (target: within 1.2x bare Tauri)
#   memory    app and WebKit processes, PSS: the app after walking every public case
#             (the end-to-end test, release build), the bare app with its empty page
#   screens   each screen change in the walk (the end-to-end test, release build)
#   size      the .deb from `tauri build --bundles deb` (offline)
# Results: test-artifacts/measure/report.txt.   N=10 by default: RUNS=20 scripts/measure-app.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
runs="${RUNS:-10}"
out="$PWD/test-artifacts/measure"
mkdir -p "$out"
tauri="$PWD/ui/node_modules/.bin/tauri"

scripts/deps-app.sh
(cd ui && npm run build)
# The app and its .deb (release), then the bare app and its .deb, with the same Tauri.
(cd src-tauri && "$tauri" build --bundles deb)
cp Cargo.lock tests/e2e/bare-tauri/Cargo.lock
(cd tests/e2e/bare-tauri && "$tauri" build --bundles deb)
app="$CARGO_TARGET_DIR/release/safeguarding-pathways"
bare="$CARGO_TARGET_DIR/release/bare-tauri"

export NO_AT_BRIDGE=1 GTK_A11Y=none
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
Xvfb :97 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
export DISPLAY=:97
sleep 1

config="$(mktemp -d)"
printf '{"agency":"school"}' >"$config/settings.json"
# A user's config folder after importing the example pack signed (two kept versions, the
# publisher's key trusted), made through the app's own import calls.
imported="$(mktemp -d)"
MEASURE_CONFIG_DIR="$imported" cargo test --locked -p safeguarding-pathways --lib -- --ignored --exact pack_import::tests::write_a_config_with_imported_packs >/dev/null
[ -f "$imported/packs/local-in-use" ] || { echo "measure: no imported pack in $imported" >&2; exit 1; }

# Start-up: the bare app, the app with no local pack and the app with the imported pack,
# run in turn ($runs of each, after one warm-up each), so that the machine's load falls on
# all three alike.
one_start() { "$@" --exit-when-ready 2>/dev/null | sed -n 's/.*exec_to_interactive_ms=\([0-9]*\).*/\1/p'; }
: >"$out/startup-runs.txt"
for round in $(seq 0 "$runs"); do
  for who in bare app imported; do
    case $who in
      bare) ms=$(one_start "$bare") ;;
      app) ms=$(one_start "$app" --timings --config-dir "$config") ;;
      imported) ms=$(one_start "$app" --timings --config-dir "$imported") ;;
    esac
    [ "$round" = 0 ] || echo "$who $ms" >>"$out/startup-runs.txt"   # round 0 warms up
  done
done
runs_of() { awk -v who="$1" '$1 == who {print $2}' "$out/startup-runs.txt" | sort -n; }
median_ms() { runs_of "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
median() { # who -> "N ms median (min, max, runs) = R x bare"
  runs_of "$1" | awk -v bare="$(median_ms bare)" '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%d ms median (min %d, max %d, %d runs) = %.2fx bare", m, a[1], a[NR], NR, m / bare}'
}
app_start="$(median app)"
imported_start="$(median imported)"
bare_start="$(median bare)"
"$app" --timings --exit-when-ready --config-dir "$config" >"$out/app-timings.txt" 2>/dev/null || true

pss() { # total PSS (MiB) of a process and its descendants
  local root="$1" total=0
  for pid in $root $(pgrep -P "$root") $(for c in $(pgrep -P "$root"); do pgrep -P "$c"; done); do
    kb=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo $((total / 1024))
}
"$bare" >/dev/null 2>&1 &
barepid=$!
sleep 4
bare_pss="$(pss $barepid)"
kill $barepid; wait $barepid 2>/dev/null || true

# The app's memory and screen changes: the end-to-end test against the release build.
kill $xvfb 2>/dev/null || true; trap - EXIT
cargo build --release --locked -p pathways-cli   # the end-to-end test signs packs with it
E2E_BUILD=none E2E_APP="$app" E2E_PATHWAYS="$CARGO_TARGET_DIR/release/pathways" E2E_ARTIFACTS_DIR="$out/e2e" scripts/e2e.sh >"$out/e2e.log" 2>&1 || { echo "measure: the end-to-end run failed: $out/e2e.log" >&2; exit 1; }
app_mem="$(sed -n 's/^memory after walking p09: //p' "$out/e2e/e2e-report.txt")"
app_screens="$(sed -n 's/^screen changes in the walk: //p' "$out/e2e/e2e-report.txt")"

deb="$(ls -t "$CARGO_TARGET_DIR"/release/bundle/deb/Safeguarding*Pathways_*.deb | head -1)"
bare_deb="$(ls -t "$CARGO_TARGET_DIR"/release/bundle/deb/bare-tauri_*.deb | head -1)"
size() { awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.2f MiB", b/1048576}'; }

{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; release builds; Xvfb 1280x800."
  echo "start-up (exec to first interactive screen, warm, runs interleaved): app $app_start; app with an imported signed local pack $imported_start; bare Tauri $bare_start"
  echo "memory (PSS, app + WebKit processes): app $app_mem; bare Tauri ${bare_pss} MiB (empty page)"
  echo "screen changes (answer to painted screen): app $app_screens"
  echo ".deb: app $(size "$deb") ($(basename "$deb")); bare Tauri $(size "$bare_deb")"
  echo "app start-up breakdown: $(cat "$out/app-timings.txt")"
} | tee "$out/report.txt"
