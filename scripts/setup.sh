#!/usr/bin/env bash
# Installs what Counter Desk needs to build, run and test on Debian/Ubuntu,
# and only what is missing: a C compiler and the OpenGL/X11 headers for
# Fyne (cgo), Xvfb for window tests, poppler-utils (pdftotext) to read the
# PDFs back, mingw-w64 to cross-build the Windows .exe, and Debian's
# postgresql server, which scripts/pg.sh starts in a throwaway cluster for
# head office's (hqdesk) tests; its system cluster is not used. Go itself must be
# 1.21 or later: go.mod names the exact toolchain and Go downloads it.
set -euo pipefail

packages=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth poppler-utils gcc-mingw-w64-x86-64 locales
  postgresql)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null; then
  for d in /usr/local/go/bin /usr/lib/go/bin; do [ -x "$d/go" ] && export PATH="$d:$PATH"; done
fi
command -v go >/dev/null || { echo "setup: install Go 1.21 or later first (https://go.dev/dl/)"; exit 1; }
# Go 1.21+ fetches the toolchain go.mod names by itself.
export GOTOOLCHAIN=auto
go mod download
echo "setup: $(go version), packages present"
