#!/usr/bin/env bash
# Sets up what is missing, then checks everything CI checks: formatting,
# go vet, every test (UI tests under Xvfb; head office's on SQLite and on a
# throwaway PostgreSQL server, scripts/pg.sh), the import rules between the
# packages, and a cross-build of the Windows .exe.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted"; exit 1; fi

echo "== fonts"
# The committed rare-character fonts are what scripts/build-fonts.sh builds
# from Debian's Hanazono, Unihan and fontTools (it installs them if missing).
bash scripts/build-fonts.sh --check

echo "== go vet"
go vet ./...

echo "== fpdf fork (third_party/fpdf, its own module)"
# Our fix for characters above U+FFFF: its tests, and fpdf.patch is its
# difference from v0.12.0 (third_party/README.md).
(cd third_party/fpdf && go vet . && go test -count=1 .)
bash third_party/fpdf-patch.sh && git diff --exit-code third_party/fpdf.patch

echo "== fyne fork (third_party/fyne): v2.7.1 trimmed + fyne.patch"
# Our change parses each font file once (third_party/README.md): the fork is
# upstream trimmed plus fyne.patch, and the patch is written from the fork.
bash third_party/fyne-patch.sh --check
bash third_party/fyne-patch.sh && git diff --exit-code third_party/fyne.patch

echo "== PostgreSQL for head office's tests"
# A throwaway cluster in a temporary folder for the whole run: it exports
# COUNTERDESK_PG_URL, and is stopped and removed when this script exits.
source scripts/pg.sh

echo "== go test"
# One build cache for every step below; Xvfb gives the window tests a display.
xvfb-run -a -s "-screen 0 1280x800x24" go test -count=1 -timeout 30m ./...

echo "== fuzz: every target for 20 s"
# Hostile input (issue 17): each Go fuzz target runs for a bounded time. A
# crash fails the run and go test writes the input to the package's
# testdata/fuzz/<Name>/; commit it with the fix, and it runs with the
# regular tests from then on. Add a new target here.
fuzz_targets=(
  "./forms FuzzParseID" "./forms FuzzParseMobile" "./forms FuzzParseMoney" "./forms FuzzCapitals"
  "./forms FuzzMasks" "./forms FuzzNormalize" "./forms FuzzParseCatalogue"
  "./store FuzzReadMemberFile" "./store FuzzOpenExport" "./store FuzzExportPayload" "./store FuzzCheckBackup"
)
for target in "${fuzz_targets[@]}"; do
  read -r pkg name <<<"$target"
  echo "-- $pkg $name"
  go test -run '^$' -fuzz="^$name\$" -fuzztime=20s "$pkg"
done

echo "== ui tests again: background work on real goroutines, with the race detector"
# The run above applies background work inline; here every fetch runs on its
# own goroutine and every apply is queued for the test goroutine, as Fyne's
# event loop would take it, so a fetch that reads a widget or a live map is
# a race the detector reports. The UI tests hash at the store's test costs
# (store.UseTestCosts in ui/main_test.go). The run is mostly one core; on
# 2026-11-30, with the other core busy, it took over 20 minutes (issue 18 added
# ~40 UI tests), so the timeout leaves about twice that.
COUNTERDESK_UI_ASYNC=1 xvfb-run -a -s "-screen 0 1280x800x24" go test -race -count=1 -timeout 45m ./ui

echo "== windows build"
bash scripts/build-windows.sh "${TMPDIR:-/tmp}/counterdesk-ci/counterdesk.exe"

echo "== Windows code paths, in Windows test binaries under Wine"
# The printing routes, the OpenGL check, the data folder, the lock and the
# installer's mutex; the rare characters (𠮷 䶮 𫖯 𬌗) drawn by the theme font
# where no system font has them (Wine has no CJK fonts; on Linux Fyne may fall
# back to an installed one); then Fyne's own strings under an English and a
# Chinese Windows locale (Wine takes it from LANG, whose locale must exist).
bash scripts/wine-tests.sh ./printing=^TestRoute \
  './cmd/counterdesk=^(TestWindows_|TestCheckGL|TestStartupMessage|TestAcquireLock|TestEnsureDataDir|TestSetupLogs|TestRemovableDrives|TestPickRemovable)' \
  './ui=^TestTheme_'
for loc in en_US zh_CN; do
  locale -a 2>/dev/null | grep -qix "$loc.utf8" || localedef -i "$loc" -f UTF-8 "$loc.UTF-8" 2>/dev/null ||
    sudo localedef -i "$loc" -f UTF-8 "$loc.UTF-8"
  LANG=$loc.UTF-8 LC_ALL=$loc.UTF-8 bash scripts/wine-tests.sh './ui=^(TestFyneOwnStringsFollowLanguage|TestLoadLanguage)$'
done

echo "== Windows installer, under Wine"
# Builds dist/CounterDesk-Setup-<version>.exe with NSIS, installs it silently
# in a fresh Wine prefix and checks files, shortcuts, registry, upgrade,
# the refusal while the program runs, and that uninstall keeps the data.
bash scripts/wine-installer-test.sh
