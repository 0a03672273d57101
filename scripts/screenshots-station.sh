#!/usr/bin/env bash
# Takes the README's screenshots of a branch's day on a training station:
# `counterdesk demo` fills a fresh data folder (a path with a space and
# Chinese), then Counter Desk runs on it in a real window under Xvfb and is
# driven with xdotool as a supervisor would: the reminders, the day-end
# report (日结) and its PDF, the month (月报), the customer record's case
# history, the catalogue editor (业务目录) with a document's wording, and
# 导出到总部 with head office's key (hqdesk keygen) and the station's key in 设置.
# Every page it prints carries the training station's 练习 mark.
# Needs: xvfb xdotool xclip imagemagick poppler-utils.
#
# Usage: bash scripts/screenshots-station.sh [output folder, default docs/screenshots]
#
# The clicks are for the window's opening size (1200×640) on a 1280×800
# Xvfb screen, as in scripts/screenshots.sh; a training station's log-in
# screen has 【练习模式】 above the title, so its fields sit 20 px lower.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
mkdir -p "$out"
work=$(mktemp -d)
app= xvfb=
trap 'kill $app $xvfb 2>/dev/null || true; [ -n "${stick:-}" ] && umount "$stick" && rmdir "$stick"; rm -rf "$work"' EXIT

go build -o "$work/counterdesk" ./cmd/counterdesk
CGO_ENABLED=0 go build -o "$work/hqdesk" ./cmd/hqdesk
data="$work/练习 站点/CounterDesk"
"$work/counterdesk" demo --data "$data" --customers 3000 --seed 7 --password yanshi123 | tail -4
# Head office's key and a first export from the command line, so 导出到总部
# has a history; a small tmpfs under /media/<user> plays the USB stick
# (only as root; without it the screen shows no drive).
"$work/hqdesk" keygen --out "$work/总部" >/dev/null
echo yanshi123 | "$work/counterdesk" hq-key --data "$data" --user 演示主管 "$work/总部/hq-recipient.txt" >/dev/null 2>&1
mkdir -p "$work/第一个 U盘"
echo yanshi123 | "$work/counterdesk" export --data "$data" --out "$work/第一个 U盘" --user 演示主管 2>/dev/null
stick=
if [ "$(id -u)" = 0 ]; then
	stick=/media/$(id -un)/KINGSTON
	mkdir -p "$stick" && mount -t tmpfs -o size=256m tmpfs "$stick" || stick=
fi

mkdir "$work/bin" "$work/opened"
cat > "$work/bin/xdg-open" <<EOS
#!/bin/sh
cp "\$1" "$work/opened/\$(date +%s%N).pdf"
EOS
chmod +x "$work/bin/xdg-open"
export DISPLAY=${SCREENSHOT_DISPLAY:-:48}
Xvfb "$DISPLAY" -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
sleep 1
PATH="$work/bin:$PATH" "$work/counterdesk" --data "$data" >>"$work/app.log" 2>&1 & app=$!
sleep 3
win=$(xdotool search --sync --name "柜台通" | head -1)

chinese() { printf '%s' "$1" | xclip -selection clipboard; xdotool key ctrl+v; sleep 0.3; }
key() { xdotool key "$@"; sleep 0.3; }
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-0.5}"; }
shot() { sleep 0.8; import -window "$win" "$out/$1.png"; echo "  $1.png"; }
# pdfshot NAME PAGE: page PAGE of the newest PDF the program opened (it
# waits up to 15 s for the first one: a report renders off the UI).
pdfshot() {
	local pdf i
	for i in $(seq 30); do ls "$work/opened"/*.pdf >/dev/null 2>&1 && break; sleep 0.5; done
	pdf=$(ls "$work/opened"/*.pdf | tail -1)
	pdftoppm -png -r 70 -f "$2" -l "$2" -singlefile "$pdf" "$out/$1"
	echo "  $1.png"
}

click 620 248; chinese "演示主管"; key Tab; xdotool type --delay 60 yanshi123; key Return; sleep 2

click 243 62 1.5                     # 提醒（N）
shot reminders
click 321 62 1.5                     # 日结: today
shot day-end
click 1150 142 3                     # 打印日结单
pdfshot pdf-day-end 1
click 76 102 1.5                     # 月报
shot month-report

click 466 62 1.2                     # 业务目录
click 80 326 1                       # 借户籍卡
shot catalogue
click 400 181 1.2                    # 编辑此业务…
click 157 140 0.8; click 100 180 1   # 文书, 《户籍卡承诺书》
shot catalogue-editor
xdotool key Escape; sleep 0.5

click 634 62 1.5                     # 导出到总部 (the stick is picked when it is the only one)
click 26 336 4                       # 导出
shot export
click 707 62 1.5                     # 设置, scrolled to the keys
xdotool mousemove 1193 200 mousedown 1 mousemove 1193 400 mousemove 1193 620 mouseup 1; sleep 1
shot settings-keys
echo "screenshots in $out"
