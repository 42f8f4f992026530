#!/usr/bin/env bash
# The Windows build, proven on Linux (issue 13). On a fresh Debian 12 machine, as root or
# with sudo, it installs what it needs and then:
#   1. cross-builds (x86_64-pc-windows-gnu, mingw-w64), runs clippy over it (the code only
#      Windows compiles), and runs `cargo test` for the engine, the store, packtrust,
#      training and the CLI under Wine, as cargo's runner: the conformance cases and the
#      records crash and plaintext tests included;
#   2. moves files between the Linux and the Windows builds: records files both ways (same
#      passphrase), packs and case files with Windows line endings, paths written with
#      backslashes, and diagnostics that print paths each system's way
#      (scripts/windows/portability.sh);
#   3. cross-builds the desktop app (safeguarding-pathways.exe) and checks its icon,
#      version resource and the DLLs it needs beside it;
#   4. builds the per-user NSIS installer (packaging/windows/installer.nsi), installs and
#      uninstalls it under Wine, and prints its file list and size beside the .deb's.
# The last line is `N passed, M failed` over every test and check; exit 1 if any failed.
#
# Environment: WINDOWS_TARGET_DIR (default target/windows) holds every Windows build, the
# Wine prefix and the installer, apart from the Linux builds so it never waits for theirs.
# WINDOWS_TEST_TIMEOUT (seconds, default 1200) stops one test program that hangs.
# WINDOWS_APP_PROFILE=release builds the app with the release profile (optimised, as
# shipped; about 12 more minutes on 2 cores) instead of the tests' build, for its size.
# scripts/test.sh runs this after the Linux tests unless SKIP_WINDOWS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

TARGET=x86_64-pc-windows-gnu
HOST_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TARGET_DIR="${WINDOWS_TARGET_DIR:-$ROOT/target/windows}"
OUT="$CARGO_TARGET_DIR/$TARGET"
LOGS="$CARGO_TARGET_DIR/logs"
PACKAGES=(-p pathway -p store -p packtrust -p training -p pathways-cli)
started=$(date +%s)
mkdir -p "$LOGS"

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAILED: $1"; }
step() { echo; echo "== $* ($(( $(date +%s) - started )) s)"; }

# ---------------------------------------------------------------------------------------
step "installing what the Windows build needs"
# The Linux build's own dependencies (the Linux CLI for the portability tests, the built
# front-end the app embeds); idempotent, and quick when scripts/test.sh ran it already.
scripts/install-deps.sh
# Debian 12's packages: the mingw-w64 C cross-compiler (SQLCipher, OpenSSL, the app's
# resources), Wine 8 (64-bit only: every program here is 64-bit), NSIS, and Python for
# reading PE headers.
scripts/apt-install.sh gcc-mingw-w64-x86-64 wine wine64 nsis python3
if ! rustup target list --installed | grep -qx "$TARGET"; then
  rustup target add "$TARGET"
fi

# ---------------------------------------------------------------------------------------
step "the Wine prefix"
# A prefix of our own under the target dir, so nothing depends on ~/.wine. No display:
# every program run here is a console program or a silent installer. No Mono or Gecko
# (they would be downloaded).
export WINEPREFIX="$CARGO_TARGET_DIR/wine" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  wine wineboot --init >"$LOGS/wineboot.log" 2>&1 || { cat "$LOGS/wineboot.log"; exit 1; }
  wineserver --wait
fi
# Rust's standard library imports ProcessPrng from bcryptprimitives.dll, which Wine 8
# lacks: a stand-in for the tests only (scripts/windows/bcryptprimitives.c).
stand_in="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
if [ ! -f "$stand_in" ] || [ scripts/windows/bcryptprimitives.c -nt "$stand_in" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$stand_in" scripts/windows/bcryptprimitives.c -ladvapi32
fi
# Whatever runs in the prefix is ended with the script.
trap 'wineserver --kill 2>/dev/null || true' EXIT
wine_version=$(wine --version)
echo "$wine_version, prefix $WINEPREFIX"

# ---------------------------------------------------------------------------------------
step "cross-building the tests ($TARGET)"
# OpenSSL built from source at opt-level 3 even in this debug build, as the system's is on
# Linux: unoptimised, SQLCipher's key derivation (PBKDF2, 256,000 rounds) takes seconds a
# file under Wine and the crash test cannot do its saves in its time.
# No debug info: it doubles what is compiled and linked for Windows, and a failing test
# still names its file and line.
CARGO_FLAGS=(--locked --target "$TARGET" --config 'profile.dev.package.openssl-sys.opt-level=3' --config profile.dev.debug=0)
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$ROOT/scripts/windows/wine-runner.sh"
build_started=$(date +%s)
set +e
cargo build "${CARGO_FLAGS[@]}" "${PACKAGES[@]}" --tests --bins --keep-going 2>&1 | tee "$LOGS/build-tests.log" | grep -E '^(error|warning: unused)|Finished|could not compile' 
build_status=${PIPESTATUS[0]}
set -e
echo "built in $(( $(date +%s) - build_started )) s"

# Clippy over the code only Windows compiles (#[cfg(windows)]), as scripts/lint.sh does
# for Linux: warnings are errors.
if cargo clippy "${CARGO_FLAGS[@]}" "${PACKAGES[@]}" --all-targets -- -D warnings >"$LOGS/clippy.log" 2>&1; then
  pass "clippy for Windows: no warnings"
else
  fail "clippy for Windows (see $LOGS/clippy.log)"
  grep -E -A6 '^(warning|error)' "$LOGS/clippy.log" | head -40 || true
fi

# ---------------------------------------------------------------------------------------
step "cargo test under Wine"
# Tests left out on Windows, each with why ("name|why"); matched exactly.
EXCLUDED=(
  "a_reader_never_sees_a_half_written_record|Wine 8 cannot rename a file over one another handle has open: Rust's fs::rename asks Windows 10 and 11 for POSIX semantics, which allow it, and Wine lacks them, so the writer is refused while the reader reads"
)
# Targets that did not compile for Windows are failures, named; the rest still run.
broken=()
if [ "$build_status" != 0 ]; then
  mapfile -t broken < <(grep -oE 'could not compile `[^`]+` \([^)]*\)' "$LOGS/build-tests.log" | sort -u)
  grep -A8 -E '^error(\[E[0-9]+\])?:' "$LOGS/build-tests.log" | grep -vE '^\s*(\||= note)' | head -60 || true
  for b in "${broken[@]}"; do
    fail "does not compile for Windows: ${b#could not compile }"
  done
  [ ${#broken[@]} -gt 0 ] || { echo "the Windows build failed"; tail -40 "$LOGS/build-tests.log"; exit 1; }
fi
skip_args=(--exact)
for entry in "${EXCLUDED[@]}"; do
  skip_args+=(--skip "${entry%%|*}")
done

# Runs cargo test under Wine and counts what libtest reports for each program, named by
# its package and source file.
run_tests() {
  local log="$1"; shift
  cargo test "${CARGO_FLAGS[@]}" --no-run --message-format=json "$@" 2>/dev/null >"$log.artifacts" || true
  set +e
  cargo test "${CARGO_FLAGS[@]}" --no-fail-fast "$@" -- "${skip_args[@]}" >"$log" 2>&1
  set -e
  python3 - "$log" "$log.artifacts" <<'PY' >"$log.counts"
import json, os, re, sys
package = {}
for line in open(sys.argv[2], errors="replace"):
    try:
        message = json.loads(line)
    except ValueError:
        continue
    if message.get("reason") == "compiler-artifact" and message.get("executable"):
        # path+file:///…/crates/store#0.1.0, or …/crates/cli#pathways-cli@0.1.0
        where, _, fragment = message["package_id"].partition("#")
        name = fragment.split("@")[0] if "@" in fragment else where.rstrip("/").split("/")[-1]
        package[os.path.basename(message["executable"])] = name
current, results = None, []
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"\s+Running (?:unittests )?(\S+) \((.+)\)", line)
    if m:
        if current:
            results.append((current, None))
        exe = os.path.basename(m.group(2))
        current = package.get(exe, exe.rsplit("-", 1)[0]) + ":" + m.group(1)
        continue
    m = re.match(r"test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored", line)
    if m and current:
        results.append((current, tuple(map(int, m.groups()))))
        current = None
if current:
    results.append((current, None))
for name, counts in results:
    if counts is None:
        print(f"{name} crashed 0 1 0")
    else:
        print(f"{name} ran {counts[0]} {counts[1]} {counts[2]}")
PY
  local name how p f i
  while read -r name how p f i; do
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$how" = crashed ]; then
      failures+=("$name: ended without a test result")
      echo "  $name: ended without a test result"
    else
      printf '  %-44s %4d passed, %d failed, %d ignored\n' "$name" "$p" "$f" "$i"
      [ "$f" = 0 ] || failures+=("$name: $f failed")
    fi
  done <"$log.counts"
  grep -E '^---- |panicked at|^test .* FAILED' "$log" | head -40 || true
}

tests_started=$(date +%s)
if [ ${#broken[@]} -eq 0 ]; then
  run_tests "$LOGS/test.log" "${PACKAGES[@]}"
else
  # Package by package, each target named but the broken ones.
  for pkg in pathway store packtrust training pathways-cli; do
    mapfile -t selected < <(cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
pkg, broken = sys.argv[1], sys.argv[2:]
meta = json.load(sys.stdin)
for p in meta["packages"]:
    if p["name"] != pkg:
        continue
    for t in p["targets"]:
        kind = t["kind"][0]
        label = {"lib": "lib test", "bin": "bin \"%s\" test" % t["name"], "test": "test \"%s\"" % t["name"]}.get(kind)
        if label is None or not t.get("test", True):
            continue
        if "`%s` (%s)" % (pkg, label) in broken:
            continue
        print({"lib": "--lib", "bin": "--bin=" + t["name"], "test": "--test=" + t["name"]}[kind])
' "$pkg" "${broken[@]#could not compile }")
    [ ${#selected[@]} -gt 0 ] && run_tests "$LOGS/test-$pkg.log" -p "$pkg" "${selected[@]}"
  done
fi
echo "tests ran in $(( $(date +%s) - tests_started )) s"
if [ ${#EXCLUDED[@]} -gt 0 ]; then
  echo "left out on Windows:"
  for entry in "${EXCLUDED[@]}"; do echo "  ${entry%%|*}: ${entry#*|}"; done
fi
echo "not run on Windows: the doc-tests (one no_run example, compiled by the Linux run)"

# ---------------------------------------------------------------------------------------
step "portability: the Linux and the Windows builds on each other's files"
# The Linux build: the one scripts/test.sh's `cargo test --workspace` made (so nothing
# is built again after it), or made here when this script runs alone.
(CARGO_TARGET_DIR="$HOST_TARGET_DIR" cargo test --workspace --locked --no-run 2>&1 | grep -E '^error|Finished') || true
LINUX_PATHWAYS="$HOST_TARGET_DIR/debug/pathways"
WINDOWS_PATHWAYS="$OUT/debug/pathways.exe"
# shellcheck source=windows/portability.sh
source scripts/windows/portability.sh

# ---------------------------------------------------------------------------------------
step "the desktop app for Windows"
app_started=$(date +%s)
app_status=0
# By default the app is built as the tests were (the same profile and flags), so it reuses
# everything they compiled and adds only Tauri and the app: CI stays well inside its
# time. Only the app crate drops debug assertions, so it is a GUI program (main.rs) and
# opens no console window. WINDOWS_APP_PROFILE=release builds it as shipped instead (the
# release profile without fat LTO). The release workflow (.github/workflows/release.yml)
# builds the installers people get, with the full release profile.
if [ "${WINDOWS_APP_PROFILE:-tests}" = release ]; then
  app_profile=release
  APP_FLAGS=(--locked --target "$TARGET" --release --config profile.release.lto=false --config profile.release.codegen-units=16)
else
  app_profile=debug
  APP_FLAGS=("${CARGO_FLAGS[@]}" --config 'profile.dev.package.safeguarding-pathways.debug-assertions=false')
fi
cargo build "${APP_FLAGS[@]}" -p safeguarding-pathways >"$LOGS/build-app.log" 2>&1 || app_status=$?
grep -E '^(warning|error)(\[|:)' "$LOGS/build-app.log" | sort | uniq -c | head -20 || true
echo "built in $(( $(date +%s) - app_started )) s"
# The .exe as shipped: without its symbol table (mingw's strip, as the release profile's
# strip = true does).
BUILT_APP="$OUT/$app_profile/safeguarding-pathways.exe"
LOADER="$OUT/$app_profile/WebView2Loader.dll"
APP="$CARGO_TARGET_DIR/installer/safeguarding-pathways.exe"
mkdir -p "$(dirname "$APP")"
rm -f "$APP"
if [ "$app_status" = 0 ] && [ -f "$BUILT_APP" ]; then
  x86_64-w64-mingw32-strip -o "$APP" "$BUILT_APP" || app_status=$?
fi
if [ "$app_status" = 0 ] && [ -f "$APP" ]; then
  pass "the app cross-builds: $(basename "$APP") ($app_profile build, stripped: $(du -h "$APP" | cut -f1))"
  python3 scripts/windows/pe_info.py "$APP" >"$LOGS/app-pe.txt"
  sed 's/^/  /' "$LOGS/app-pe.txt"
  version=$(cargo metadata --no-deps --format-version 1 --locked | python3 -c 'import json,sys; print([p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="safeguarding-pathways"][0])')
  if grep -q '^subsystem gui$' "$LOGS/app-pe.txt"; then pass "the app is a GUI program (no console window)"; else fail "the app is not a GUI program"; fi
  if grep -q '^resource group-icon' "$LOGS/app-pe.txt" && grep -q '^icon 256x256' "$LOGS/app-pe.txt"; then
    pass "the app carries its icon (icons/icon.ico, $(grep -c '^icon ' "$LOGS/app-pe.txt") sizes)"
  else
    fail "the app has no icon resource"
  fi
  if grep -qx "version FileVersion=$version" "$LOGS/app-pe.txt" && grep -qx "version ProductName=Safeguarding Pathways" "$LOGS/app-pe.txt" \
    && grep -qx "fixed-version ${version}.0" "$LOGS/app-pe.txt"; then
    pass "the app's version resource says Safeguarding Pathways $version"
  else
    fail "the app's version resource does not say Safeguarding Pathways $version"
  fi
  # What a user needs beside the .exe: each DLL it imports that Windows (here Wine's
  # system32) does not provide. API sets (api-ms-win-*, ext-ms-win-*) are not files: the
  # Windows loader maps each to the system DLL that implements it (both the app imports,
  # core-synch-l1-2-0 and core-winrt-error-l1-1-0, since Windows 8.1), and Wine 8 does
  # not lay every one out in system32.
  needs=()
  while read -r dll; do
    [[ "$dll" =~ ^(api|ext)-ms-win- ]] && continue
    [ -e "$WINEPREFIX/drive_c/windows/system32/$dll" ] && continue
    [ -n "$(find "$WINEPREFIX/drive_c/windows/system32" -maxdepth 1 -iname "$dll" -print -quit)" ] && continue
    needs+=("$dll")
  done < <(sed -n 's/^import //p' "$LOGS/app-pe.txt")
  if [ ${#needs[@]} -eq 0 ] || { [ "${needs[*]}" = "webview2loader.dll" ] && [ -f "$LOADER" ]; }; then
    pass "the app needs no DLL beyond Windows' own${needs:+ and WebView2Loader.dll, which the build put beside it}"
  else
    fail "the app needs DLLs nobody ships: ${needs[*]}"
  fi
  echo
  echo "What a Windows user needs besides safeguarding-pathways.exe:"
  echo "  - the Microsoft Edge WebView2 Runtime (Evergreen), which draws the window: part of"
  echo "    Windows 11 and of Windows 10 since 2021 updates; the installer checks for it and says"
  echo "    so if it is missing (a per-user installer cannot install it for everyone)"
  if [ -f "$LOADER" ]; then
    echo "  - WebView2Loader.dll beside the .exe: the GNU build loads WebView2 through it (the"
    echo "    MSVC build of the release workflow links it in); the installer puts it there"
  fi
  echo "  - nothing else: no Visual C++ runtime, no OpenSSL (built in), no MinGW DLLs"
else
  fail "the app does not cross-build (see $LOGS/build-app.log)"
  tail -30 "$LOGS/build-app.log"
fi

# ---------------------------------------------------------------------------------------
step "the installer (NSIS $(makensis -VERSION))"
INSTALLER_DIR="$CARGO_TARGET_DIR/installer"
mkdir -p "$INSTALLER_DIR"
if [ -f "$APP" ]; then
  INSTALLER="$INSTALLER_DIR/safeguarding-pathways_${version}_x64-setup.exe"
  nsis_args=(-V2 -NOCD "-DVERSION=$version" "-DAPP_EXE=$APP" "-DICON=$ROOT/icons/icon.ico" "-DOUTFILE=$INSTALLER")
  [ -f "$LOADER" ] && nsis_args+=("-DLOADER_DLL=$LOADER")
  if makensis "${nsis_args[@]}" packaging/windows/installer.nsi >"$LOGS/makensis.log" 2>&1; then
    pass "the installer builds: $(basename "$INSTALLER")"
  else
    fail "makensis failed"; cat "$LOGS/makensis.log"
  fi
fi
if [ -f "${INSTALLER:-}" ]; then
  python3 scripts/windows/pe_info.py "$INSTALLER" >"$LOGS/installer-pe.txt"
  if grep -q '^manifest-level asInvoker$' "$LOGS/installer-pe.txt"; then
    pass "the installer asks for no administrator rights (manifest: asInvoker)"
  else
    fail "the installer's manifest asks for more than the user's rights: $(grep manifest-level "$LOGS/installer-pe.txt")"
  fi
  # Install silently for this (Wine) user, look at what arrived, then uninstall.
  user_dir=$(wine cmd /c echo %USERPROFILE% 2>/dev/null | tr -d '\r')
  user_unix=$(winepath -u "$user_dir" 2>/dev/null)
  installed="$user_unix/AppData/Local/Programs/Safeguarding Pathways"
  shortcut="$user_unix/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Safeguarding Pathways.lnk"
  key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\org.safeguardingpathways.app'
  rm -rf "$installed"
  wine "$INSTALLER" /S
  wineserver --wait || true
  expected=(safeguarding-pathways.exe uninstall.exe)
  [ -f "$LOADER" ] && expected+=(WebView2Loader.dll)
  ok=1
  for f in "${expected[@]}"; do [ -f "$installed/$f" ] || ok=0; done
  if [ "$ok" = 1 ] && cmp -s "$APP" "$installed/safeguarding-pathways.exe"; then
    pass "the installer installs for this user, without administrator rights, into %LOCALAPPDATA%\\Programs\\Safeguarding Pathways"
  else
    fail "the installer did not install ${expected[*]} into $installed"
  fi
  if [ -f "$shortcut" ]; then pass "the installer adds a Start-menu entry"; else fail "no Start-menu entry at $shortcut"; fi
  reg=$(wine reg query "$key" 2>/dev/null | tr -d '\r' || true)
  if grep -q 'UninstallString' <<<"$reg" && grep -q "DisplayVersion.*$version" <<<"$reg"; then
    pass "the installer lists the app in Settings > Apps for this user (HKCU uninstall key)"
  else
    fail "no uninstall entry under $key"
  fi
  echo "Installed files:"
  (cd "$installed" && find . -type f -printf '  %P\t%s bytes\n' | sort)
  echo "  (and the Start-menu entry: $(basename "$shortcut"))"
  # The uninstaller copies itself to a temporary folder and returns at once.
  wine "$installed/uninstall.exe" /S
  sleep 2
  wineserver --wait || true
  if [ ! -e "$installed" ] && [ ! -e "$shortcut" ] && ! wine reg query "$key" >/dev/null 2>&1; then
    pass "the uninstaller removes the program, its Start-menu entry and its uninstall entry"
  else
    fail "the uninstaller left something behind"
  fi
fi

# ---------------------------------------------------------------------------------------
step "sizes"
if [ -f "${INSTALLER:-}" ]; then
  printf '  %-60s %8s\n' "$(basename "$INSTALLER")" "$(du -h "$INSTALLER" | cut -f1)"
  printf '  %-60s %8s\n' "  safeguarding-pathways.exe ($app_profile build, stripped)" "$(du -h "$APP" | cut -f1)"
  [ -f "$LOADER" ] && printf '  %-60s %8s\n' "  WebView2Loader.dll" "$(du -h "$LOADER" | cut -f1)"
fi
deb=$(ls -t "$HOST_TARGET_DIR"/release/bundle/deb/safeguarding-pathways_*.deb "$HOST_TARGET_DIR"/release/bundle/deb/Safeguarding*.deb 2>/dev/null | head -1 || true)
if [ -n "$deb" ]; then
  printf '  %-60s %8s\n' "$(basename "$deb")" "$(du -h "$deb" | cut -f1)"
  dpkg-deb -c "$deb" | awk '$3 > 0 {printf "    %s\t%s bytes\n", $6, $3}'
else
  echo "  no .deb here to compare with (scripts/measure-app.sh builds it)"
fi

# ---------------------------------------------------------------------------------------
step "summary ($wine_version, $(( $(date +%s) - started )) s in all)"
for f in "${failures[@]}"; do echo "  FAILED: $f"; done
echo "windows: $passed passed, $failed failed"
[ "$failed" = 0 ]
