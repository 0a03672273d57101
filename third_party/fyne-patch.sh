#!/bin/sh
# fyne-patch.sh keeps third_party/fyne, our copy of fyne.io/fyne/v2 v2.7.1
# (third_party/README.md), and third_party/fyne.patch, its difference from
# upstream, in step.
#
#   third_party/fyne-patch.sh            write fyne.patch from the fork
#   third_party/fyne-patch.sh --rebuild  make the fork again: upstream, trimmed, + fyne.patch
#   third_party/fyne-patch.sh --check    exit 1 unless the fork is upstream, trimmed, + fyne.patch
#
# Upstream is v2.7.1 in the module cache (go mod download fetches it).
# Trimmed means what a build needs: no cmd/ or img/, no tests, no testdata,
# and at the top only LICENSE, AUTHORS, go.mod, go.sum and the Go files.
# The patch is written file by file, sorted, without file dates, so the
# same fork gives the same patch.
set -eu
cd "$(dirname "$0")"
here=$(pwd)
mode=${1:-write}
case "$mode" in
write | --rebuild | --check) ;;
*) echo "usage: $0 [--rebuild | --check]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
orig=$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json fyne.io/fyne/v2@v2.7.1 | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[ -d "$orig" ] || { echo "fyne.io/fyne/v2@v2.7.1 is not in the module cache" >&2; exit 1; }

# trimmed DIR: upstream, trimmed, into DIR (files writable, not executable).
trimmed() {
	mkdir -p "$1"
	(cd "$orig" && find . -type f \
		! -path './cmd/*' ! -path './img/*' ! -path './.*' \
		! -path '*/testdata/*' ! -name '*_test.go' \
		\( -path './*/*' -o -name '*.go' -o -name LICENSE -o -name AUTHORS -o -name go.mod -o -name go.sum \) |
		LC_ALL=C sort | tar -cf - --no-recursion -T - | tar -xf - -C "$1")
	chmod -R u+w,a-x+X "$1"
}

case "$mode" in
write)
	trimmed "$tmp/a"
	: >fyne.patch
	for f in $( (cd "$tmp/a" && find . -type f; cd "$here/fyne" && find . -type f) | sed 's|^\./||' | LC_ALL=C sort -u); do
		old="$tmp/a/$f" new="fyne/$f"
		[ -f "$old" ] || old=/dev/null
		[ -f "$new" ] || new=/dev/null
		diff -uN --label "a/$f" --label "b/$f" "$old" "$new" >>fyne.patch || true
	done
	;;
--rebuild)
	trimmed "$tmp/b"
	(cd "$tmp/b" && patch -s -p1 --no-backup-if-mismatch <"$here/fyne.patch")
	rm -rf fyne
	cp -R "$tmp/b" fyne
	;;
--check)
	trimmed "$tmp/b"
	(cd "$tmp/b" && patch -s -p1 --no-backup-if-mismatch <"$here/fyne.patch")
	if ! diff -r "$tmp/b" fyne >"$tmp/diff"; then
		echo "third_party/fyne is not fyne v2.7.1 (trimmed) + fyne.patch:" >&2
		head -50 "$tmp/diff" >&2
		exit 1
	fi
	;;
esac
