#!/usr/bin/env bash
# Cross-builds the Windows 64-bit counterdesk.exe on Linux with its icon,
# version information and no console window. The Windows resources are made
# from assets/icon.png and FyneApp.toml's version by go-winres into
# cmd/counterdesk/rsrc_windows_amd64.syso (generated, not committed). The same
# version goes into every export's header (store.ProgramVersion; "dev" without).
# Usage: scripts/build-windows.sh [OUTPUT.exe]   (default: dist/counterdesk.exe)
# No -trimpath: the Windows test binaries built under Wine in CI then reuse
# the same cached cgo build of Fyne instead of compiling it twice.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist/counterdesk.exe}
mkdir -p "$(dirname "$out")"
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
go run github.com/tc-hib/go-winres@v0.3.3 simply \
  --arch amd64 --icon assets/icon.png --manifest gui \
  --product-name "柜台通 Counter Desk" --file-description "柜台通 Counter Desk" \
  --product-version "$version" --file-version "$version" \
  --original-filename counterdesk.exe --out cmd/counterdesk/rsrc
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
  go build -ldflags "-H windowsgui -s -w -X counterdesk/store.ProgramVersion=$version" -o "$out" ./cmd/counterdesk
echo "built $out ($(du -h "$out" | cut -f1))"
