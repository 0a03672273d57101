// Package assets holds the bytes Counter Desk embeds: the bundled CJK font
// (so Chinese renders on a PC with no Chinese fonts), the app icon, the
// default service catalogue and the translations. It exposes plain []byte,
// so package printing can use the font without pulling in Fyne.
package assets

import _ "embed"

// Font is WenQuanYi Micro Hei, face 0 of Debian's fonts-wqy-microhei TTC,
// saved as a TrueType font with glyf outlines (Apache-2.0; see
// fonts/LICENSE-wqy-microhei.txt). It covers GBK and has ¥. It is the
// base font of every PDF (FontSup draws what it lacks); the UI uses UIFont.
//
//go:embed fonts/wqy-microhei.ttf
var Font []byte

// FontName is the family name the PDFs register the font under.
const FontName = "wqymicrohei"

// FontSup is the supplementary font for the characters WenQuanYi lacks: a
// subset of Hanazono Mincho (TrueType glyf outlines, 1024 units per em, cmap
// formats 4 and 12) holding every character of GB 18030-2022 implementation
// level 2 missing from Font (all of CJK Extension A, the URO tail up to
// U+9FEF, the 196 通用规范汉字表 characters of Extensions B–F) and those of
// fonts/extra-chars.txt, such as 𠮷 U+20BB7. The PDFs draw every run of
// characters Font lacks with it. Built by scripts/build-fonts.sh (Hanazono
// Font License; see fonts/LICENSE-hanazono.txt).
//
//go:embed fonts/counterdesk-sup.ttf
var FontSup []byte

// UIFont is Font with the glyphs of FontSup added (scaled to its 2048 units
// per em; WenQuanYi's metrics, so ordinary text looks and measures the same):
// the UI's theme font, because Fyne takes one font per text style. Built by
// scripts/build-fonts.sh.
//
//go:embed fonts/counterdesk-ui.ttf
var UIFont []byte

// Level2Sup is fonts/level2-sup.txt: the 196 characters of the 通用规范汉字表
// above U+FFFF (Unihan kTGH), one "U+XXXXX<TAB>character" a line, as
// scripts/build-fonts.sh derived them; every one is in FontSup and UIFont.
// For tests (of the fonts, the UI and the PDFs), which may run where the
// source tree is not (Windows test binaries under Wine).
//
//go:embed fonts/level2-sup.txt
var Level2Sup string

// Icon is the application icon, a 256×256 PNG (the character 柜 in the
// bundled font on a blue tile), used for the window and the .exe.
//
//go:embed icon.png
var Icon []byte
