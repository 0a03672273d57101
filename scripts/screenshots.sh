#!/usr/bin/env bash
# Takes the README's screenshots: runs Counter Desk on a fresh data folder
# (a path with a space and Chinese) in a real window under Xvfb, drives it
# with xdotool as a clerk would (set-up, log-in, the first backup, a new
# customer, a 借户籍卡 case with its payment, the refund desk, settings)
# and captures the window with ImageMagick. The PDFs the program hands to
# the "viewer" are kept and their pages turned into the pdf-*.png shots.
# Needs: xvfb xdotool xclip imagemagick poppler-utils.
#
# Usage: bash scripts/screenshots.sh [output folder, default docs/screenshots]
#
# The window opens at 1200×640 (it fits a 1280×720 screen with its title
# bar and the taskbar) and grows to a screen's minimum height (665 px on a
# customer record); the clicks below are for those sizes on a 1280×800
# Xvfb screen. Fields are filled with Tab from the first one where the tab
# order is plain.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
mkdir -p "$out"
work=$(mktemp -d)
app= xvfb=
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/counterdesk" ./cmd/counterdesk
# A stand-in for the PDF viewer: it keeps each PDF it is given, and no
# viewer window covers the app.
mkdir "$work/bin" "$work/opened"
cat > "$work/bin/xdg-open" <<EOF
#!/bin/sh
cp "\$1" "$work/opened/\$(date +%s%N).pdf"
EOF
chmod +x "$work/bin/xdg-open"
export DISPLAY=${SCREENSHOT_DISPLAY:-:47}
Xvfb "$DISPLAY" -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
sleep 1
start() {
	PATH="$work/bin:$PATH" "$work/counterdesk" --data "$work/王 芳/CounterDesk" >>"$work/app.log" 2>&1 & app=$!
	sleep 3
	win=$(xdotool search --sync --name "柜台通" | head -1)
}
start

ascii() { xdotool type --delay 60 "$1"; }
# Chinese goes in by the clipboard: xdotool types it through a remapped
# key and drops characters now and then (收款单位 came out without 白).
chinese() { printf '%s' "$1" | xclip -selection clipboard; xdotool key ctrl+v; sleep 0.3; }
key() { xdotool key "$@"; sleep 0.3; }
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-0.5}"; }
shot() { sleep 0.8; import -window "$win" "$out/$1.png"; echo "  $1.png"; }
# pdfshot NAME PAGE: page PAGE of the newest PDF the program opened.
pdfshot() {
	local pdf
	pdf=$(ls "$work/opened"/*.pdf | tail -1)
	pdftoppm -png -r 70 -f "$2" -l "$2" -singlefile "$pdf" "$out/$1"
	echo "  $1.png"
}

# First start: the set-up screen, filled with Tab from 网点代码.
click 650 117
ascii qb; key Tab
chinese "成都市青白江区人才交流服务中心"; key Tab
chinese "成都市青白江区人才交流服务中心"; key Tab
ascii "028-83981234"; key Tab
ascii 1; key Tab
chinese "李主管"; key Tab
ascii zhuguan123; key Tab
ascii zhuguan123
shot setup
click 600 494 2                      # 完成设置
shot recovery-code
click 600 397 1.5                    # 我已妥善保存，去登录

# A new station has no backup yet, and a supervisor would see a warning
# above the tabs: start again, as the next morning, when the day's first
# start makes the first backup.
kill $app; wait $app 2>/dev/null || true
start

# Log-in; Return in the password logs in.
click 625 232; chinese "李主管"; key Tab; ascii zhuguan123
shot login
key Return; sleep 1.5

# A new customer: a married woman of 30, a member since 2020, whose name
# has a rare character (𠮷, U+20BB7, CJK Extension B): typed as its code
# point, as at a counter without a rare-character IME.
click 415 140 0.8                    # 新建客户 (the name has the focus)
chinese "吉"; ascii "U+20BB7"; key Tab
ascii "330106199603150026"; key Tab
ascii "138 1234 5678"; key Tab
chinese "成都市青白江区大弯街道团结路8号"
click 890 296; click 614 367 0.3     # 婚姻状况: 已婚
click 890 334; chinese "成都某科技有限公司"; key Tab
chinese "人才市场"
click 606 409 0.3                    # 集体户成员
click 850 447; ascii "2020-03-05"    # 入户日期
shot customer-new
click 489 577 1.5                    # 保存

# Find her by the initials of her name's pinyin, then open the record.
click 200 101; ascii "jj"; sleep 1.2
click 200 179 1.2
shot customer-record

# 借户籍卡: the service list opens over the select; 借户籍卡 is its sixth row.
click 800 335 0.6; click 505 548 0.4; click 1168 335 1.5   # 办理
click 450 221 0.5; click 230 253 0.6                        # 借卡用途: the first
shot case-draft
click 19 344 0.6                     # 身份证 received
click 239 543 1                      # 受理并收款
shot case-payment
click 379 447 2.5                    # 确认收款并打印
shot case-accepted
pdfshot pdf-receipt 1
pdfshot pdf-card-promise 2

# The refund desk: her deposit, the papers taken back.
click 144 62 1.2                     # 保障金退还
click 230 176 0.5; click 1157 581 1  # the deposit, 办理退还
click 430 216 0.3; click 430 317 0.3; click 430 351 0.3
shot refund-ready
click 379 464 2.5                    # 退还并打印凭证
pdfshot pdf-refund-voucher 1

click 377 62 1                       # 设置
shot settings
echo "screenshots in $out"
