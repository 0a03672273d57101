package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"counterdesk/assets"
)

// fontResource is the bundled UI font (assets.UIFont: WenQuanYi Micro Hei
// with the rare characters of GB 18030-2022 level 2 added, 𠮷 and 䶮 among
// them) as a Fyne resource. Fyne falls back to system fonts only where a PC
// has some; a Windows PC without Chinese ones (or Wine) would show boxes,
// and Fyne takes a single font per text style, so this merged font is the
// theme font for every text style.
var fontResource = fyne.NewStaticResource("counterdesk-ui.ttf", assets.UIFont)

// Theme is Counter Desk's theme: Fyne's light colours and default sizes
// with the bundled font, and slightly larger text for a counter's screen.
// The light variant is fixed so the screen looks the same at every counter,
// like the paper forms beside it, whatever the PC's dark-mode setting.
type Theme struct{}

var _ fyne.Theme = Theme{}

// Color implements fyne.Theme.
func (Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Font implements fyne.Theme: every style uses the bundled font.
func (Theme) Font(fyne.TextStyle) fyne.Resource { return fontResource }

// Icon implements fyne.Theme.
func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (Theme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 15
	}
	return theme.DefaultTheme().Size(n)
}
