#!/usr/bin/env bash
# Sets up what is missing, then checks everything CI checks: formatting,
# go vet, every test (UI tests under Xvfb), the import rules between the
# packages, and a cross-build of the Windows .exe.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted"; exit 1; fi

echo "== go vet"
go vet ./...

echo "== go test"
# One build cache for every step below; Xvfb gives the window tests a display.
xvfb-run -a -s "-screen 0 1280x800x24" go test -count=1 -timeout 30m ./...

echo "== windows build"
bash scripts/build-windows.sh "${TMPDIR:-/tmp}/counterdesk-ci/counterdesk.exe"
