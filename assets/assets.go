// Package assets holds the bytes Counter Desk embeds: the bundled CJK font
// (so Chinese renders on a PC with no Chinese fonts), the app icon, the
// default service catalogue and the translations. It exposes plain []byte,
// so package printing can use the font without pulling in Fyne.
package assets

import _ "embed"

// Font is WenQuanYi Micro Hei, face 0 of Debian's fonts-wqy-microhei TTC,
// saved as a TrueType font with glyf outlines (Apache-2.0; see
// fonts/LICENSE-wqy-microhei.txt). It covers GBK and has ¥. It is the
// theme font of the UI and the font of every PDF.
//
//go:embed fonts/wqy-microhei.ttf
var Font []byte

// FontName is the family name the PDFs register the font under.
const FontName = "wqymicrohei"

// Icon is the application icon, a 256×256 PNG (the character 柜 in the
// bundled font on a blue tile), used for the window and the .exe.
//
//go:embed icon.png
var Icon []byte
