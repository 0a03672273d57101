#!/bin/sh
# fpdf-patch.sh writes third_party/fpdf.patch: the fork's difference from
# codeberg.org/go-pdf/fpdf v0.12.0 in the module cache (go mod download
# fetches it), file by file of the fork (tests and test data left out),
# without file dates, so the same fork gives the same patch.
set -eu
cd "$(dirname "$0")"
orig=$(cd fpdf && GOFLAGS=-mod=mod go mod download -json codeberg.org/go-pdf/fpdf@v0.12.0 | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
: >fpdf.patch
for f in $(cd fpdf && ls *.go | grep -v '_test\.go$'); do
	old="$orig/$f"
	[ -f "$old" ] || old=/dev/null
	diff -uN --label "a/$f" --label "b/$f" "$old" "fpdf/$f" >>fpdf.patch || true
done
