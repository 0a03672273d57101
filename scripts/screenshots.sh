#!/usr/bin/env bash
# Takes the README's screenshots: runs Counter Desk on a fresh data folder
# in a real window under Xvfb, drives it with xdotool as a clerk would
# (set-up, log-in, a new customer, a 借户籍卡 case, the refund desk) and
# captures the screen with ImageMagick. Needs: xvfb xdotool imagemagick.
# The click positions fit the 1200×780 window on a 1280×800 screen.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/counterdesk" ./cmd/counterdesk
# A stand-in for the PDF viewer, so no viewer window covers the app.
mkdir "$work/bin" && printf '#!/bin/sh\nexit 0\n' > "$work/bin/xdg-open" && chmod +x "$work/bin/xdg-open"
export DISPLAY=:47
Xvfb $DISPLAY -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
sleep 1
PATH="$work/bin:$PATH" "$work/counterdesk" --data "$work/王 芳/CounterDesk" >/dev/null 2>&1 & app=$!
sleep 3

type() { xdotool type --delay 120 "$1"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-0.4}"; }
shot() { sleep 0.6; import -window root -crop 1200x780+0+0 "$out/$1.png"; }

# First start: the set-up screen.
click 650 183; type qb; xdotool key Tab; type "成都市青白江区人才交流服务中心"
xdotool key Tab; type "成都市青白江区人才交流服务中心"; xdotool key Tab; type 1
xdotool key Tab; type "李主管"; xdotool key Tab; type zhuguan123
click 650 408; type zhuguan123
shot setup
click 600 521 1.5; shot recovery-code
click 600 452 1
# Log-in.
type "李主管"; xdotool key Return; type zhuguan123; shot login; xdotool key Return; sleep 1.5
# A new station has no backup yet, so a supervisor sees a warning above the
# tabs: make the first backup in settings, then go on with the customers.
click 377 100 1; click 294 709 2.5; click 600 435 0.5; click 48 62 0.8
# A new customer.
click 415 140 0.8; type "王芳"; xdotool key Tab; type "330106199001010026"
click 1000 221; type "138 1234 5678"; click 1000 259; type "成都市青白江区大弯街道团结路8号"
click 1000 296; click 900 328; click 1000 334; type "成都某科技有限公司"
click 1000 372; type "人才市场"; click 605 409; click 1000 447; xdotool key ctrl+a BackSpace; type "2020/3/5"
shot customer-new
click 489 598 1.5
# Search as the card reader would, then open the record.
click 200 101; type "王芳"; sleep 1; click 200 179 1.2; shot customer-record
# 借户籍卡: choose the service, the case screen with what is missing.
click 800 523 0.6; click 760 745 0.5; click 1168 523 1.5
shot case-draft
click 450 221 0.6; click 250 291 0.5; click 19 327 0.5
click 240 721 1; shot case-payment
click 400 452 2; shot case-accepted
# The refund desk.
click 144 62 1.2; click 230 175 0.5; click 1157 721 1
click 450 306; click 450 406; click 450 440; shot refund-ready
click 400 515 2
click 377 62 1; shot settings
echo "screenshots in $out"
