#!/usr/bin/env bash
# Tests the Windows installer under Wine, silently (/S), by the files,
# shortcuts and registry entries it leaves — never by its exit code alone:
#   install -> upgrade over it (the data folder's contents survive) ->
#   refusal while Counter Desk runs (a helper holding the program's named
#   mutex, Global\ and session-local, and the real counterdesk.exe under
#   Xvfb) -> uninstall refusal while it runs -> silent uninstall (program
#   and shortcuts gone, %ProgramData%\CounterDesk and its files kept).
# Everything runs in a fresh, temporary WINEPREFIX that is removed at the end.
#
# Usage: scripts/wine-installer-test.sh [CounterDesk-Setup.exe]
#   Without an argument it builds one with scripts/build-installer.sh (dist/).
# Without Wine it skips (exit 0) unless CI is set; with CI set it installs
# what it needs (wine wine64 nsis gcc-mingw-w64-x86-64 xvfb; sudo if not root).
# Wine's icacls is a dummy: the data folder's permissions are not checked here.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
t_start=$SECONDS

if ! command -v wine >/dev/null && [ -z "${CI:-}" ]; then
  echo "SKIP wine-installer-test: wine is not installed (run with CI=1 to install wine, wine64, nsis, mingw-w64 and xvfb and test)"
  exit 0
fi
packages=(wine wine64 nsis gcc-mingw-w64-x86-64 xvfb)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "wine-installer-test: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
    echo "FAIL  could not install ${missing[*]}"
    exit 1
  }
fi

version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
setup=${1:-}
if [ -z "$setup" ]; then
  t=$SECONDS
  bash scripts/build-installer.sh dist || { echo "FAIL  scripts/build-installer.sh"; exit 1; }
  setup="dist/CounterDesk-Setup-$version.exe"
  echo "time: installer build $((SECONDS - t)) s"
fi
[ -f "$setup" ] || { echo "FAIL  no installer at $setup"; exit 1; }
setup=$(cd "$(dirname "$setup")" && pwd)/$(basename "$setup")
built_exe="$(dirname "$setup")/counterdesk.exe" # the program the installer was made from, if beside it

# ---- a private Wine prefix and display ------------------------------------
work=$(mktemp -d)
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono/Gecko prompts; no .desktop files in the host's menus for our .lnk.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
xvfb_pid="" prog_pid="" holder_pid=""
cleanup() {
  [ -n "$holder_pid" ] && { touch "$work/stop"; kill "$holder_pid" 2>/dev/null; }
  [ -n "$prog_pid" ] && kill "$prog_pid" 2>/dev/null
  wineserver -k 2>/dev/null # only this test's prefix
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failures=0
pass() { echo "PASS  $*"; }
fail() {
  echo "FAIL  $*"
  failures=$((failures + 1))
}
check() { # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
winpath() { # a host path as Wine sees it through drive Z:
  local p=${1//\//\\}
  echo "Z:$p"
}

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
xvfb_pid=$!
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.2; done
[ -s "$work/display" ] || { echo "FAIL  Xvfb did not start"; exit 1; }
export DISPLAY=":$(head -1 "$work/display")"

t=$SECONDS
wine wineboot -i >/dev/null 2>&1
timeout 60 wineserver -w
echo "time: new Wine prefix $((SECONDS - t)) s"

c="$WINEPREFIX/drive_c"
inst="$c/Program Files/CounterDesk"
exe="$inst/counterdesk.exe"
uninst="$inst/uninstall.exe"
start_lnk="$c/ProgramData/Microsoft/Windows/Start Menu/Programs/柜台通.lnk"
desk_lnk="$c/users/Public/Desktop/柜台通.lnk"
data="$c/ProgramData/CounterDesk"
key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\CounterDesk'

# The mutex helper (installer/mutex-holder.c) stands in for a running program.
x86_64-w64-mingw32-gcc -O2 -o "$work/mutex-holder.exe" installer/mutex-holder.c || {
  echo "FAIL  building installer/mutex-holder.c"
  exit 1
}
holder="$work/mutex-holder.exe"

install_silently() { # runs the installer; its exit code is only reported
  wine "$setup" /S >/dev/null 2>&1
  local rc=$?
  echo "      (installer exit code $rc)"
}
reg_export() { # the uninstall key as UTF-8 text (wine reg query prints Chinese as ?)
  rm -f "$work/key.reg"
  wine reg export "$key" "$(winpath "$work/key.reg")" /y >/dev/null 2>&1 || return 1
  iconv -f UTF-16 -t UTF-8 "$work/key.reg" | tr -d '\r' # iconv drops the BOM
}
has_value() { grep -qxF "$1" <<<"$regtext"; }
lnk_targets_exe() { tr -d '\000' <"$1" | grep -aqiF 'Program Files\CounterDesk\counterdesk.exe'; }
key_exists() { wine reg query "$key" >/dev/null 2>&1; }
stamp() { stat -c '%Y %s' "$exe" 2>/dev/null && sha256sum <"$exe" | cut -c1-64; }

start_holder() { # start_holder MUTEXNAME: holds it until stop_holder
  rm -f "$work/ready" "$work/stop"
  wine "$holder" hold "$1" "$(winpath "$work/ready")" "$(winpath "$work/stop")" >/dev/null 2>&1 &
  holder_pid=$!
  for _ in $(seq 100); do [ -f "$work/ready" ] && return 0; sleep 0.1; done
  return 1
}
stop_holder() {
  touch "$work/stop"
  for _ in $(seq 50); do kill -0 "$holder_pid" 2>/dev/null || break; sleep 0.2; done
  kill "$holder_pid" 2>/dev/null
  holder_pid=""
}
mutex_held() { wine "$holder" check "$1" >/dev/null 2>&1; }

# prepare_refusal: make any replacement visible — an old mtime on the
# installed exe and no desktop shortcut (an install that runs recreates it).
prepare_refusal() {
  touch -d '2001-01-01 00:00:00' "$exe"
  rm -f "$desk_lnk"
  before=$(stamp)
}
check_refused() { # check_refused LABEL
  check "$1: counterdesk.exe not replaced (same mtime and SHA-256)" test "$(stamp)" = "$before"
  check "$1: installer did nothing (desktop shortcut not recreated)" test ! -e "$desk_lnk"
  check "$1: still registered in Add/Remove Programs" key_exists
}

# ---- 1. fresh install -------------------------------------------------------
echo "== install (silent)"
t=$SECONDS
install_silently
echo "time: silent install $((SECONDS - t)) s"
check "program installed: Program Files/CounterDesk/counterdesk.exe" test -s "$exe"
if [ -f "$built_exe" ]; then
  check "installed counterdesk.exe is the built one (SHA-256)" \
    test "$(sha256sum <"$exe" | cut -c1-64)" = "$(sha256sum <"$built_exe" | cut -c1-64)"
fi
check "uninstaller installed: Program Files/CounterDesk/uninstall.exe" test -s "$uninst"
check "Start-menu shortcut: ProgramData/.../Start Menu/Programs/柜台通.lnk" test -s "$start_lnk"
[ -s "$start_lnk" ] && check "Start-menu shortcut points to counterdesk.exe" lnk_targets_exe "$start_lnk"
check "desktop shortcut: users/Public/Desktop/柜台通.lnk" test -s "$desk_lnk"
[ -s "$desk_lnk" ] && check "desktop shortcut points to counterdesk.exe" lnk_targets_exe "$desk_lnk"
check "data folder created: ProgramData/CounterDesk" test -d "$data"
check "uninstall key exists (wine reg query $key)" key_exists
regtext=$(reg_export)
check "registry DisplayName = 柜台通 Counter Desk" has_value '"DisplayName"="柜台通 Counter Desk"'
check "registry DisplayVersion = $version (FyneApp.toml)" has_value "\"DisplayVersion\"=\"$version\""
check "registry Publisher set" grep -q '^"Publisher"=".\+"$' <<<"$regtext"
check "registry DisplayIcon = the exe" has_value '"DisplayIcon"="C:\\Program Files\\CounterDesk\\counterdesk.exe,0"'
check "registry UninstallString" has_value '"UninstallString"="\"C:\\Program Files\\CounterDesk\\uninstall.exe\""'
check "registry QuietUninstallString (/S)" has_value '"QuietUninstallString"="\"C:\\Program Files\\CounterDesk\\uninstall.exe\" /S"'
check "registry EstimatedSize > 0 KB" grep -q '^"EstimatedSize"=dword:0*[1-9a-f]' <<<"$regtext"

# ---- 2. upgrade over it keeps the data ------------------------------------------
echo "== install again over the installed version (upgrade)"
marker="$data/marker-$$.txt"
echo "data written before the upgrade $(date -Is)" >"$marker"
mkdir -p "$data/printed" && echo pdf >"$data/printed/old.pdf"
marker_sum=$(cat "$marker" "$data/printed/old.pdf" | sha256sum)
install_silently
check "upgrade: marker file in ProgramData/CounterDesk survived unchanged" \
  test "$(cat "$marker" "$data/printed/old.pdf" 2>/dev/null | sha256sum)" = "$marker_sum"
check "upgrade: program still installed" test -s "$exe"
check "upgrade: still registered" key_exists

# ---- 3. refuses to install while Counter Desk runs --------------------------
for name in 'Global\CounterDeskRunning' 'CounterDeskRunning'; do
  echo "== install while a process holds the mutex $name"
  if ! start_holder "$name"; then
    fail "mutex helper did not start ($name)"
    continue
  fi
  check "helper holds the mutex $name" mutex_held "$name"
  prepare_refusal
  install_silently
  check_refused "mutex $name held"
  stop_holder
done

echo "== install once nothing holds the mutex (control: the checks above can see a replacement)"
prepare_refusal
install_silently
check "control: counterdesk.exe replaced (mtime restored)" test "$(stamp)" != "$before"
check "control: desktop shortcut recreated" test -s "$desk_lnk"

echo "== uninstall while the mutex is held"
if start_holder 'Global\CounterDeskRunning'; then
  # _?= runs the uninstaller in place and synchronously; a .bat keeps that
  # argument unquoted, as NSIS requires.
  printf '@"C:\\Program Files\\CounterDesk\\uninstall.exe" /S _?=C:\\Program Files\\CounterDesk\r\n' >"$work/un.bat"
  wine cmd /c "$(winpath "$work/un.bat")" >/dev/null 2>&1
  echo "      (uninstaller exit code $?)"
  check "uninstall refused while running: program kept" test -s "$exe"
  check "uninstall refused while running: shortcuts kept" test -s "$start_lnk" -a -s "$desk_lnk"
  check "uninstall refused while running: still registered" key_exists
  stop_holder
else
  fail "mutex helper did not start"
fi

echo "== install while the real counterdesk.exe runs (Xvfb)"
# Go 1.21+ programs need bcryptprimitives.dll, which Debian's Wine 8 lacks;
# ../shared/tools/wine-smoke has the shim. The installer itself needs none.
smoke=${WINE_SMOKE_DIR:-$repo/../shared/tools/wine-smoke}
if [ ! -f "$c/windows/system32/bcryptprimitives.dll" ] && [ -f "$smoke/shim.c" ]; then
  x86_64-w64-mingw32-gcc -shared -o "$c/windows/system32/bcryptprimitives.dll" \
    "$smoke/shim.c" "$smoke/shim.def" -ladvapi32
fi
if [ ! -s "$exe" ]; then
  fail "real counterdesk.exe: not installed any more, cannot start it"
elif [ -f "$c/windows/system32/bcryptprimitives.dll" ]; then
  t=$SECONDS
  prepare_refusal
  wine 'C:\Program Files\CounterDesk\counterdesk.exe' >"$work/program.log" 2>&1 &
  prog_pid=$!
  while ((SECONDS - t < 60)) && kill -0 "$prog_pid" 2>/dev/null; do
    mutex_held 'Global\CounterDeskRunning' && break
    sleep 0.5
  done
  if mutex_held 'Global\CounterDeskRunning'; then
    pass "running counterdesk.exe holds Global\\CounterDeskRunning ($((SECONDS - t)) s after start)"
    install_silently
    check_refused "counterdesk.exe running"
  else
    fail "counterdesk.exe did not hold Global\\CounterDeskRunning within 60 s (or exited)"
    tail -5 "$work/program.log" "$data/counterdesk.log" 2>/dev/null
  fi
  kill "$prog_pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$prog_pid" 2>/dev/null || break; sleep 0.2; done
  prog_pid=""
  for _ in $(seq 50); do mutex_held 'Global\CounterDeskRunning' || break; sleep 0.2; done
  check "counterdesk.exe stopped (mutex released)" bash -c "! wine '$holder' check 'Global\\CounterDeskRunning' >/dev/null 2>&1"
  echo "time: real-program refusal $((SECONDS - t)) s"
else
  echo "SKIP  real counterdesk.exe: no bcryptprimitives.dll shim ($smoke/shim.c not found); the helper tests above cover the refusal"
fi

# ---- 4. silent uninstall keeps the data -----------------------------------
echo "== uninstall (silent)"
t=$SECONDS
# The uninstaller copies itself to %TEMP% and returns at once; wait for the
# copy to finish by watching the files it removes.
wine 'C:\Program Files\CounterDesk\uninstall.exe' /S >/dev/null 2>&1
while ((SECONDS - t < 60)); do
  [ ! -e "$exe" ] && [ ! -e "$uninst" ] && ! key_exists && break
  sleep 0.5
done
echo "time: silent uninstall $((SECONDS - t)) s"
check "uninstall: counterdesk.exe removed" test ! -e "$exe"
check "uninstall: uninstall.exe removed" test ! -e "$uninst"
check "uninstall: Program Files/CounterDesk removed" test ! -e "$inst"
check "uninstall: Start-menu shortcut removed" test ! -e "$start_lnk"
check "uninstall: desktop shortcut removed" test ! -e "$desk_lnk"
check "uninstall: uninstall key removed" bash -c "! wine reg query '$key' >/dev/null 2>&1"
check "uninstall: ProgramData/CounterDesk kept" test -d "$data"
check "uninstall: marker and printed/ files kept unchanged" \
  test "$(cat "$marker" "$data/printed/old.pdf" 2>/dev/null | sha256sum)" = "$marker_sum"
if [ -f "$data/counterdesk.db" ]; then
  check "uninstall: the database the program created is kept" test -s "$data/counterdesk.db"
fi

echo "time: wine-installer-test total $((SECONDS - t_start)) s"
if ((failures)); then
  echo "FAIL  wine-installer-test: $failures check(s) failed"
  exit 1
fi
echo "PASS  wine-installer-test: all checks passed"
