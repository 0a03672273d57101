#!/usr/bin/env bash
# Builds the 64-bit Windows installer on Linux: the program through
# scripts/build-windows.sh (icon, version information, no console), then
# installer/counterdesk.nsi with Debian's NSIS (installed if missing; sudo
# when not root). The version comes from FyneApp.toml.
# Usage: scripts/build-installer.sh [OUTDIR]   (default: dist)
# Output: OUTDIR/counterdesk.exe and OUTDIR/CounterDesk-Setup-<version>.exe
set -euo pipefail
cd "$(dirname "$0")/.."
outdir=${1:-dist}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

if ! command -v makensis >/dev/null; then
  echo "build-installer: installing nsis"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nsis >/dev/null
fi

version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
build=$(sed -n 's/^ *Build *= *\([0-9][0-9]*\).*/\1/p' FyneApp.toml | head -1)
[ -n "$version" ] || { echo "build-installer: no Version in FyneApp.toml"; exit 1; }
# The version resource wants four numbers: 0.1.0 and Build 1 -> 0.1.0.1.
IFS=. read -r v1 v2 v3 _ <<<"$version"
viversion="${v1:-0}.${v2:-0}.${v3:-0}.${build:-0}"

start=$SECONDS
bash scripts/build-windows.sh "$outdir/counterdesk.exe"
echo "build-installer: program built in $((SECONDS - start)) s"

# The installer and uninstaller get the program's own icon, taken back out of
# the .exe's resources (go-winres made them from assets/icon.png).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
icon_define=()
if go run github.com/tc-hib/go-winres@v0.3.3 extract --dir "$work/res" "$outdir/counterdesk.exe" >/dev/null 2>&1; then
  icon=$(find "$work/res" -name '*.ico' | sort | head -1)
  [ -n "$icon" ] && icon_define=(-DICON="$icon")
fi
[ ${#icon_define[@]} -gt 0 ] || echo "build-installer: no icon extracted; using NSIS's default icon"

setup="$outdir/CounterDesk-Setup-$version.exe"
start=$SECONDS
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DVIVERSION="$viversion" \
  -DEXE="$outdir/counterdesk.exe" -DOUTFILE="$setup" "${icon_define[@]}" \
  installer/counterdesk.nsi
echo "build-installer: makensis took $((SECONDS - start)) s"
echo "built $setup ($(du -h "$setup" | cut -f1))"
