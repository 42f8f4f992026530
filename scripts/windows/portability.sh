# Files moved between the Linux and the Windows builds of `pathways` (sourced by
# scripts/test-windows.sh, which provides pass, fail, ROOT, LOGS, CARGO_TARGET_DIR,
# LINUX_PATHWAYS and WINDOWS_PATHWAYS and runs Wine in its prefix).
#
#   records   a records file made by one build opens, reads the same, verifies and takes
#             a new amendment on the other, with the same passphrase; a wrong one is refused
#   CRLF      a pack and case files with Windows line endings validate, triage and pass the
#             conformance cases exactly as the same files with Unix ones do, on both builds
#   paths     the Windows build takes pack and case paths written with backslashes and
#             answers as the Linux build does with slashes; diagnostics name files as each
#             system writes paths (national\nodes\walk.toml on Windows, national/nodes/walk.toml
#             on Linux), and otherwise say the same

work="$CARGO_TARGET_DIR/portability"
rm -rf "$work"
mkdir -p "$work"
lin() { "$LINUX_PATHWAYS" "$@"; }
win() { wine "$WINDOWS_PATHWAYS" "$@"; }
# A Unix path as the Windows build is given it (Z:\...).
winpath() { winepath -w "$1" 2>/dev/null; }
# Output without the one thing that changes from run to run: load timings.
steady() { sed -E 's/ in [0-9.]+ ?(ms|s)\b//g'; }
# The same output, compared; on a difference, both are kept under $work and shown.
same() {
  local name="$1" a="$2" b="$3"
  if [ "$a" = "$b" ]; then return 0; fi
  printf '%s\n' "$a" >"$work/$name.first"
  printf '%s\n' "$b" >"$work/$name.second"
  diff "$work/$name.first" "$work/$name.second" | head -20 || true
  return 1
}

if [ ! -x "$LINUX_PATHWAYS" ] || [ ! -f "$WINDOWS_PATHWAYS" ]; then
  fail "portability: the Linux ($LINUX_PATHWAYS) or Windows ($WINDOWS_PATHWAYS) build of pathways is missing"
  return 0
fi

export PATHWAYS_PASSPHRASE="lantern orchard copper seventeen meadow"
NOW=(--now 2026-12-01T10:00)
LATER=(--now 2026-12-03T10:00)

# Makes a records file with one build, then reads and writes it with the other.
# $1 maker (lin|win), $2 reader, $3 file (Unix path), $4 case file.
records_both_ways() {
  local maker="$1" reader="$2" db="$3" case_file="$4" db_maker db_reader case_arg
  db_maker="$db"; db_reader="$db"; case_arg="$case_file"
  [ "$maker" = win ] && { db_maker=$(winpath "$db"); case_arg="${case_file//\//\\}"; }
  [ "$reader" = win ] && db_reader=$(winpath "$db")
  $maker records --db "$db_maker" init >/dev/null || return 1
  local id
  id=$($maker records --db "$db_maker" add --case "$case_arg" --note "Made by the $maker build. Bruise seen at pick-up; £5 dinner money; naïve café note." --reference "REF-$maker" "${NOW[@]}") || return 1
  [ "$id" = 1 ] || { echo "add printed '$id'"; return 1; }
  $maker records --db "$db_maker" amend 1 --text "Amended by the $maker build." "${NOW[@]}" >/dev/null || return 1
  # What the maker sees is what the reader sees.
  local a b
  for args in "list --json" "show 1 --json" "show 1" "export 1 --format txt" "export 1 --format md"; do
    # shellcheck disable=SC2086
    a=$($maker records --db "$db_maker" $args "${LATER[@]}" 2>&1) || { echo "$maker $args: $a"; return 1; }
    # shellcheck disable=SC2086
    b=$($reader records --db "$db_reader" $args "${LATER[@]}" 2>&1) || { echo "$reader $args: $b"; return 1; }
    same "records-$maker-$reader-${args// /-}" "$a" "$b" || { echo "records $args differs"; return 1; }
  done
  grep -q "naïve café" <<<"$b" || { echo "the note's accents did not survive"; return 1; }
  b=$($reader records --db "$db_reader" verify) || { echo "$reader verify: $b"; return 1; }
  [[ "$b" == ok:* ]] || { echo "$reader verify: $b"; return 1; }
  # The reader writes to it, and the maker still verifies and sees the amendment.
  $reader records --db "$db_reader" amend 1 --text "Amended by the $reader build." "${NOW[@]}" >/dev/null || return 1
  a=$($maker records --db "$db_maker" verify) || { echo "$maker verify after $reader's amendment: $a"; return 1; }
  # (Read whole before grep: grep -q would close the pipe early.)
  a=$($maker records --db "$db_maker" show 1 "${LATER[@]}") || return 1
  grep -q "Amended by the $reader build." <<<"$a" || { echo "$maker does not see $reader's amendment"; return 1; }
  # The same wrong passphrase is refused by both, and changes nothing.
  local before
  before=$(sha256sum "$db")
  if PATHWAYS_PASSPHRASE="not the passphrase at all" $reader records --db "$db_reader" list >/dev/null 2>&1; then
    echo "$reader opened it with a wrong passphrase"; return 1
  fi
  [ "$(sha256sum "$db")" = "$before" ] || { echo "a wrong passphrase changed the file"; return 1; }
  return 0
}

if out=$(records_both_ways win lin "$work/made-on-windows.db" tests/cases/p01-bruising-disclosure.toml 2>&1); then
  pass "portability: a records file made by the Windows build opens, reads the same, verifies and is amended on Linux"
else
  fail "portability: Windows-made records file on Linux: $out"
fi
if out=$(records_both_ways lin win "$work/made-on-linux.db" tests/cases/p16-nursery-manager-allegation.toml 2>&1); then
  pass "portability: a records file made by the Linux build opens, reads the same, verifies and is amended on Windows"
else
  fail "portability: Linux-made records file on Windows: $out"
fi

# Packs and case files with Windows line endings (as git on Windows may check them out).
crlf="$work/crlf"
mkdir -p "$crlf/local"
cp -r pathways/england "$crlf/england"
cp -r pathways/local/example "$crlf/local/example"
cp -r tests/cases "$crlf/cases"
find "$crlf" -name '*.toml' -exec sed -i 's/\r\?$/\r/' {} +
crlf_files=$(find "$crlf" -name '*.toml' | wc -l)
lf_lines=$(find "$crlf" -name '*.toml' -exec cat {} + | tr -d '\r' | wc -l)
crlf_lines=$(find "$crlf" -name '*.toml' -exec cat {} + | grep -c $'\r$' || true)
lf_lines=$((lf_lines - crlf_lines))
if [ "$crlf_files" -gt 0 ] && [ "$lf_lines" = 0 ]; then
  reference=$(lin validate pathways/england pathways/local/example 2>&1 | steady) || true
  on_linux=$(lin validate "$crlf/england" "$crlf/local/example" 2>&1 | steady) || true
  on_windows=$(win validate "$(winpath "$crlf/england")" "$(winpath "$crlf/local/example")" 2>&1 | steady) || true
  if [[ "$reference" == ok:* ]] && same crlf-validate-linux "$reference" "$on_linux" && same crlf-validate-windows "$reference" "$on_windows"; then
    pass "portability: the national and local packs with CRLF line endings ($crlf_files files) validate as with LF, on Linux and on Windows"
  else
    fail "portability: a CRLF pack validates differently (LF: $reference | CRLF on Linux: $on_linux | CRLF on Windows: $on_windows)"
  fi
  # Every conformance case, CRLF pack and CRLF case files, on Windows: same verdicts.
  reference=$(lin cases --screens --pack pathways/england --pack pathways/local/example tests/cases 2>&1 | sed 's#tests/cases/##') || true
  on_windows=$(cd "$crlf" && win cases --screens --pack england --pack 'local\example' cases 2>&1 | sed 's#cases\\##') || true
  if same crlf-cases "$reference" "$on_windows" && grep -qE '^[0-9]+ passed, 0 failed$' <<<"$reference"; then
    pass "portability: with CRLF packs and case files, pathways.exe cases gives every verdict and screen count as Linux does ($(tail -1 <<<"$reference"))"
  else
    fail "portability: CRLF conformance cases differ on Windows"
  fi
  # What a practitioner reads: the triage text and JSON of each public case (p*), CRLF on
  # Windows against LF on Linux, and the whole graph; nothing on stderr.
  differ=()
  public=(tests/cases/p*.toml)
  for file in "${public[@]}"; do
    name=$(basename "$file" .toml)
    for json in "" --json; do
      a=$(lin triage $json --pack pathways/england --pack pathways/local/example --case "$file" 2>"$work/$name.lin.err") || true
      b=$(cd "$crlf" && win triage $json --pack england --pack 'local\example' --case "cases\\$name.toml" 2>"$work/$name.win.err") || true
      same "triage-$name${json}" "$a" "$b" >/dev/null && [ ! -s "$work/$name.lin.err" ] && [ ! -s "$work/$name.win.err" ] || differ+=("$name${json:+ (json)}")
    done
  done
  a=$(lin graph --pack pathways/england --pack pathways/local/example --format dot 2>&1) || true
  b=$(cd "$crlf" && win graph --pack england --pack 'local\example' --format dot 2>&1) || true
  same graph-dot "$a" "$b" >/dev/null || differ+=("graph --format dot")
  if [ ${#differ[@]} -eq 0 ]; then
    pass "portability: triage text and JSON of the ${#public[@]} public cases, and the graph, from CRLF files on Windows are byte for byte Linux's from LF files"
  else
    fail "portability: CRLF on Windows differs from LF on Linux for: ${differ[*]} (both outputs kept in $work)"
  fi
else
  fail "portability: the CRLF copy of the packs was not made ($crlf_files files, $lf_lines LF lines left)"
fi

# Paths written the Windows way: backslashes, relative and absolute with a drive letter.
reference=$(lin validate pathways/england pathways/local/example 2>&1 | steady) || true
on_windows=$(win validate 'pathways\england' 'pathways\local\example' 2>&1 | steady) || true
a=$(lin triage --json --pack pathways/england --pack pathways/local/example --case tests/cases/p09-fracture-saturday.toml 2>&1) || true
b=$(win triage --json --pack 'pathways\england' --pack 'pathways\local\example' --case 'tests\cases\p09-fracture-saturday.toml' 2>&1) || true
c=$(win triage --json --pack "$(winpath "$ROOT/pathways/england")" --pack "$(winpath "$ROOT/pathways/local/example")" --case "$(winpath "$ROOT/tests/cases/p09-fracture-saturday.toml")" 2>&1) || true
if same backslash-validate "$reference" "$on_windows" && same backslash-triage "$a" "$b" && same drive-letter-triage "$a" "$c"; then
  pass "portability: pathways.exe takes pack and case paths with backslashes (pathways\\england) and drive letters (Z:\\...) and answers as Linux does with slashes"
else
  fail "portability: backslash paths on Windows do not answer as slashes on Linux"
fi

# Diagnostics name files the way each system writes paths, and say the same otherwise.
broken="$work/broken"
mkdir -p "$broken"
cp -r crates/pathway/tests/fixtures/mini "$broken/national"
cp -r crates/pathway/tests/fixtures/mini-local "$broken/local"
printf 'surprise = 1\n' >>"$broken/national/nodes/walk.toml"
on_linux=$(cd "$broken" && lin validate national local 2>&1 || true)
on_windows=$(cd "$broken" && win validate national local 2>&1 || true)
# Linux's output with each diagnostic's file written the Windows way.
as_windows=$(python3 -c '
import re, sys
for line in sys.stdin.read().split("\n"):
    m = re.match(r"^(\S+?)(:\d+:\d+: .*)$", line)
    print(m.group(1).replace("/", "\\") + m.group(2) if m else line)
' <<<"$on_linux")
absolute=$(win validate "$(winpath "$broken/national")" "$(winpath "$broken/local")" 2>&1 || true)
if grep -q '^national/nodes/walk.toml:[0-9]*:[0-9]*: unknown-key' <<<"$on_linux" \
  && grep -q '^national\\nodes\\walk.toml:[0-9]*:[0-9]*: unknown-key' <<<"$on_windows" \
  && same diagnostics-paths "$as_windows" "$on_windows" \
  && grep -qiE '^[A-Z]:\\.*\\national\\nodes\\walk.toml:[0-9]+:[0-9]+: unknown-key' <<<"$absolute"; then
  pass "portability: diagnostics name files national/nodes/walk.toml on Linux and national\\nodes\\walk.toml (Z:\\...\\ when given so) on Windows, and say the same otherwise"
else
  fail "portability: diagnostics paths (Linux: $(head -1 <<<"$on_linux") | Windows: $(head -1 <<<"$on_windows") | absolute: $(head -1 <<<"$absolute"))"
fi
unset PATHWAYS_PASSPHRASE
