#!/usr/bin/env bash
# Builds the fonts Counter Desk embeds for rare characters (生僻字), from
# Debian packages, reproducibly: the same packages give the same bytes.
#
#   scripts/build-fonts.sh           rebuilds assets/fonts/{counterdesk-sup.ttf,
#                                    counterdesk-ui.ttf,level2-sup.txt}
#   scripts/build-fonts.sh --check   rebuilds into a temporary folder and fails
#                                    if a committed file differs (scripts/test.sh)
#
# Sources:
# - assets/fonts/wqy-microhei.ttf (committed, unchanged): WenQuanYi Micro Hei,
#   GBK; the PDFs' base font.
# - Hanazono Mincho, Debian's fonts-hanazono (HanaMinA.ttf for the BMP,
#   HanaMinB.ttf for the supplementary planes; GlyphWiki Project, used under the
#   Hanazono Font License, see assets/fonts/LICENSE-hanazono.txt): TrueType glyf
#   outlines for all of CJK Extensions A–F.
# - Unihan's kTGH field, Debian's unicode-data
#   (/usr/share/unicode/Unihan_OtherMappings.txt.bz2): the 8105 characters of the
#   通用规范汉字表, 196 of them above U+FFFF.
# - Debian's python3-fonttools (fontTools' subsetter, as pyftsubset uses it).
#
# The character set, and why: GB 18030-2022 implementation level 2, mandatory
# since 2023, asks for CJK Extension A and the 通用规范汉字表 characters of
# Extensions B–F; people's legal names use them. The supplementary font holds
# every character of Extension A, of the URO up to U+9FEF, of the 通用规范汉字表
# and of assets/fonts/extra-chars.txt that WenQuanYi lacks; the PDFs draw those
# runs with it. The UI font is WenQuanYi with the same glyphs added, because
# Fyne takes one font per text style. Hanazono (2017) lacks U+4DB6–U+4DBF
# (Unicode 13) and U+9FEB–U+9FEF (Unicode 11); they stay placeholder boxes.
#
# To add a character a name needs: add a line "U+XXXXX  字  why" to
# assets/fonts/extra-chars.txt, run this script, and commit that file with the
# two fonts (scripts/build-windows.sh embeds the same files, nothing else to do).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(fonts-hanazono python3-fonttools unicode-data)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "build-fonts: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's python3 (with python3-fonttools), not a pyenv or venv python first on PATH.
py=/usr/bin/python3
outputs=(counterdesk-sup.ttf counterdesk-ui.ttf level2-sup.txt)

if [ "${1:-}" = "--check" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$py" scripts/build_fonts.py assets/fonts/wqy-microhei.ttf assets/fonts/extra-chars.txt "$tmp"
  status=0
  for f in "${outputs[@]}"; do
    if ! cmp -s "$tmp/$f" "assets/fonts/$f"; then
      echo "build-fonts --check: assets/fonts/$f differs from a rebuild; run scripts/build-fonts.sh and commit it"
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "build-fonts --check: the committed fonts match a rebuild"
  exit $status
fi

"$py" scripts/build_fonts.py assets/fonts/wqy-microhei.ttf assets/fonts/extra-chars.txt assets/fonts
ls -l "${outputs[@]/#/assets/fonts/}"
