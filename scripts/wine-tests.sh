#!/usr/bin/env bash
# Builds the Windows test binaries of the packages with Windows-specific
# code and runs them under Wine, in a Wine prefix of their own.
#
# Usage: scripts/wine-tests.sh [PACKAGE[=REGEXP] ...]
#   default: ./printing=^TestRoute
# REGEXP is passed as -test.run (all tests when left out). Tests that only
# fail under Wine because of Wine itself (Go's os.RemoveAll, used by
# t.TempDir, needs file APIs Wine 8 lacks) are left out by the default.
#
# Installs Wine (wine, wine64) and mingw-w64 when missing and it can; if
# Wine still cannot run, says so and exits 0 (skipped). Debian's Wine 8
# lacks bcryptprimitives.dll, which every Go .exe loads at start: the
# script builds a one-function stand-in with mingw-w64 and puts it into the
# prefix's system32 (as ../shared/tools/wine-smoke/README.md describes).
#
# Environment: WINEPREFIX (default ${TMPDIR:-/tmp}/counterdesk-wine-tests),
# WINE_TEST_TIMEOUT seconds per package (default 600).
set -euo pipefail
cd "$(dirname "$0")/.."

specs=("$@")
((${#specs[@]})) || specs=("./printing=^TestRoute")

export WINEPREFIX=${WINEPREFIX:-${TMPDIR:-/tmp}/counterdesk-wine-tests}
export WINEDEBUG=-all
work=$(mktemp -d "${TMPDIR:-/tmp}/wine-tests.XXXXXX")
trap 'rm -rf "$work"' EXIT
start=$SECONDS

install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  command -v apt-get >/dev/null || return 1
  echo "wine-tests: installing $*"
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

skip() {
  echo "wine-tests: SKIPPED, $*"
  exit 0
}

command -v wine >/dev/null || install wine wine64 || true
command -v wine >/dev/null || skip "Wine is not installed and could not be installed"
command -v x86_64-w64-mingw32-gcc >/dev/null || install gcc-mingw-w64-x86-64 || true

# The prefix, once.
sys32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -d "$sys32" ]; then
  echo "wine-tests: creating the Wine prefix $WINEPREFIX"
  timeout 300 wine wineboot -i >/dev/null 2>&1 || true
  timeout 60 wineserver -w 2>/dev/null || true
fi
[ -d "$sys32" ] || skip "wineboot could not create $WINEPREFIX"

# The bcryptprimitives.dll stand-in, once.
if [ ! -f "$sys32/bcryptprimitives.dll" ]; then
  command -v x86_64-w64-mingw32-gcc >/dev/null || skip "mingw-w64 is needed to build the bcryptprimitives.dll shim"
  cat >"$work/shim.c" <<'EOF'
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036
BOOL WINAPI ProcessPrng(PBYTE pbData, SIZE_T cbData) {
    while (cbData > 0) {
        ULONG chunk = cbData > 0x7fffffff ? 0x7fffffff : (ULONG)cbData;
        if (!RtlGenRandom(pbData, chunk)) return FALSE;
        pbData += chunk; cbData -= chunk;
    }
    return TRUE;
}
EOF
  printf 'LIBRARY bcryptprimitives\nEXPORTS\nProcessPrng\n' >"$work/shim.def"
  x86_64-w64-mingw32-gcc -shared -o "$sys32/bcryptprimitives.dll" "$work/shim.c" "$work/shim.def" -ladvapi32
fi

# cgo only where a package needs it (Fyne); printing builds without.
cgo=0
command -v x86_64-w64-mingw32-gcc >/dev/null && cgo=1

status=0
for spec in "${specs[@]}"; do
  pkg=${spec%%=*}
  run=""
  [ "$spec" != "$pkg" ] && run=${spec#*=}
  exe="$work/$(echo "$pkg" | tr -c 'A-Za-z0-9\n' '_').test.exe"
  t0=$SECONDS
  if ! CGO_ENABLED=$cgo CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 go test -c -o "$exe" "$pkg"; then
    echo "FAIL $pkg (build)"
    status=1
    continue
  fi
  args=(-test.v -test.count=1)
  [ -n "$run" ] && args+=(-test.run "$run")
  set +e
  (cd "$(dirname "$exe")" && timeout "${WINE_TEST_TIMEOUT:-600}" wine "$exe" "${args[@]}") >"$work/out.txt" 2>&1
  rc=$?
  set -e
  # The Go test summary: one line per top-level test, then the result.
  grep -E '^(--- (PASS|FAIL|SKIP)|PASS$|FAIL$|panic:)' "$work/out.txt" || true
  if [ $rc -eq 0 ]; then
    echo "ok   $pkg (Windows, under $(wine --version 2>/dev/null)) $((SECONDS - t0))s"
  else
    [ $rc -eq 124 ] && echo "timed out after ${WINE_TEST_TIMEOUT:-600}s"
    echo "--- output of $pkg:"
    cat "$work/out.txt"
    echo "FAIL $pkg (Windows, under Wine) $((SECONDS - t0))s"
    status=1
  fi
done
echo "wine-tests: $((SECONDS - start))s"
exit $status
