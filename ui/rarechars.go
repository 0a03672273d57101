package ui

// Rare characters (生僻字) in names: entering them by code point, and the
// large warning shown when a text holds a character no bundled font has.
// Such a character prints as an empty box the clerk fills in by hand, so
// the clerk must learn which character, where, before a number is issued
// for the paper — not after it printed.

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// Sizes of the warning's large text, in Fyne units: the character itself
// (it draws as the font's box when no font has it) and its code point,
// which tells the clerk which character the box is.
const (
	rareGlyphSize     = 64
	rareCodePointSize = 40
)

// acceptCodePoints makes a name entry turn a code point the clerk types or
// pastes (U+20BB7, &#x20BB7;, &#134071;) into its character at once
// (forms.DecodeCodePointsTyping), keeping the cursor after what it
// followed. Set e.OnChanged first: it still runs, with the converted text.
// The form's save decodes again (forms.DecodeCodePoints), for a code point
// left waiting at the cursor.
func acceptCodePoints(e *widget.Entry) {
	next := e.OnChanged
	converting := false
	e.OnChanged = func(s string) {
		if !converting && !e.MultiLine {
			if t, caret := forms.DecodeCodePointsTyping(s, e.CursorColumn); t != s {
				// SetText runs this again with t: then only next.
				converting = true
				e.SetText(t)
				converting = false
				e.CursorRow, e.CursorColumn = 0, caret
				e.Refresh()
				return
			}
		}
		if next != nil {
			next(s)
		}
	}
}

// printText is one text a paper will carry, with the Chinese name of its
// field ("姓名", "缴款人"; "" when the caller does not know it) and, on a
// paper listing many people's texts (在押保障金清单, 日结单, 月报), the
// row it is printed in as the paper names it ("收据 QB01-2026-000012";
// "" on a single document), so the warning tells the clerk where on a
// long report the box will be.
type printText struct {
	field, text string
	row         string
}

// rareItem is one character no bundled font has, where it is, and the
// text (and the row of a list) it is in: text is the index of that text
// among those the warning was asked about. positions, when set (rareRows),
// are every position of the character in that text, Position the first.
type rareItem struct {
	forms.Unprintable
	text      string
	row       string
	index     int
	positions []int
}

// unprintable returns every character of the texts no bundled font has,
// in order, each with its field and position (the printer's
// FindUnprintable). It reads no store: call it on the UI goroutine.
func (u *App) unprintable(texts []printText) []rareItem {
	var out []rareItem
	for i, t := range texts {
		if t.text == "" {
			continue
		}
		for _, x := range u.printer.FindUnprintable(t.field, t.text) {
			out = append(out, rareItem{Unprintable: x, text: t.text, row: t.row, index: i})
		}
	}
	return out
}

// rareRows groups us by character within each text, in the order each
// first appears: one row per distinct character and text (张 + 19×𰻞 is
// one row, 姓名第2–20个字, not 19), with all its positions.
func rareRows(us []rareItem) []rareItem {
	type key struct {
		r     rune
		index int
	}
	at := map[key]int{}
	var out []rareItem
	for _, x := range us {
		k := key{x.Rune, x.index}
		if i, ok := at[k]; ok {
			out[i].positions = append(out[i].positions, x.Position)
			continue
		}
		at[k] = len(out)
		x.positions = []int{x.Position}
		out = append(out, x)
	}
	return out
}

// positionList writes 1-based positions as the warning says them: 2、5、7,
// with a run of three or more as 2–20.
func positionList(ps []int) string {
	var b strings.Builder
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1] == ps[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString("、")
		}
		switch {
		case j-i >= 2:
			fmt.Fprintf(&b, "%d–%d", ps[i], ps[j])
		case j > i:
			fmt.Fprintf(&b, "%d、%d", ps[i], ps[j])
		default:
			fmt.Fprintf(&b, "%d", ps[i])
		}
		i = j + 1
	}
	return b.String()
}

// rareWarning is the warning on show: its dialog and its buttons, for
// tests.
type rareWarning struct {
	dialog   dialog.Dialog
	proceed  *widget.Button // nil when the warning only informs
	back     *widget.Button // 返回, or 知道了 when it only informs
	items    []rareItem
	glyphs   []*canvas.Text // the characters, large
	codes    []*canvas.Text // their code points, large
	position []*wrappedText
}

// beforeIssue runs then at once when the texts have no character the
// bundled fonts lack; otherwise it first shows the large warning (each
// such character with its code point, field and position) and runs then
// only when the clerk chooses proceed. Call it before the store call that
// issues a number (受理单、收据、遗失声明号) for a paper carrying the
// texts, so nothing is issued for a paper the clerk did not agree to
// complete by hand.
func (u *App) beforeIssue(texts []printText, proceed string, then func()) {
	us := u.unprintable(texts)
	if len(us) == 0 {
		then()
		return
	}
	u.warnBeforeIssue(us, proceed, then)
}

// warnBeforeIssue shows the large warning before a number is issued for
// us's papers; then runs when the clerk chooses proceed.
func (u *App) warnBeforeIssue(us []rareItem, proceed string, then func()) {
	u.showRare(us, T("请注意：有字无法打印"), T("以下字符，柜台通的字库里没有。打印出来的纸上，它的位置是一个空白方框“□”：请在方框里用黑色签字笔手写补上这个字，并请客户核对。"), proceed, then)
}

// beforeCaseIssue is beforeIssue for a number or a paper of the case
// caseID (its receipt's at 确认受理; the 一次性告知单 and every reprint,
// through print): the warning shows only the characters no bundled font
// has that the clerk was not yet warned about for this case in this
// session (at 办理, rememberRare, or an earlier print) — once per case is
// enough while nothing it names changed — and nothing when there are
// none. A case opened in an earlier session is warned about again. Going
// on remembers what was shown. caseID "" is beforeIssue.
func (u *App) beforeCaseIssue(caseID string, texts []printText, proceed string, then func()) {
	if caseID == "" {
		u.beforeIssue(texts, proceed, then)
		return
	}
	var fresh []rareItem
	for _, x := range u.unprintable(texts) {
		if !u.rareWarned[caseID][x.Rune] {
			fresh = append(fresh, x)
		}
	}
	if len(fresh) == 0 {
		then()
		return
	}
	u.warnBeforeIssue(fresh, proceed, func() {
		u.rememberRare(caseID, fresh)
		then()
	})
}

// rememberRare notes, for the rest of the session, that the clerk was
// warned about us's characters for the case caseID and went on.
func (u *App) rememberRare(caseID string, us []rareItem) {
	if caseID == "" || len(us) == 0 {
		return
	}
	if u.rareWarned == nil {
		u.rareWarned = map[string]map[rune]bool{}
	}
	if u.rareWarned[caseID] == nil {
		u.rareWarned[caseID] = map[rune]bool{}
	}
	for _, x := range us {
		u.rareWarned[caseID][x.Rune] = true
	}
}

// noteRare tells the clerk, after a customer was saved, that the name has
// characters no bundled font has: nothing is refused, but every paper will
// need them written in by hand.
func (u *App) noteRare(us []rareItem) {
	if len(us) == 0 {
		return
	}
	u.showRare(us, T("已保存：客户资料中有字无法打印"), T("客户资料已保存。以下字符，柜台通的字库里没有：屏幕上可能显示为方框，打印出来的纸上是一个空白方框“□”。以后为该客户打印的每一份文书，都请在方框里手写补上这个字。"), "", nil)
}

// showRare builds and shows the warning: one row per distinct character
// of each text (rareRows). proceed "" makes it informative only (one
// button, 知道了).
func (u *App) showRare(us []rareItem, title, intro, proceed string, then func()) *rareWarning {
	us = rareRows(us)
	w := &rareWarning{items: us}
	note := newWrappedText(intro)
	rows := container.NewVBox()
	for _, x := range us {
		glyph := canvas.NewText(string(x.Rune), theme.Color(theme.ColorNameForeground))
		glyph.TextSize = rareGlyphSize
		code := canvas.NewText(x.CodePoint(), color.NRGBA{R: 0xc0, A: 0xff})
		code.TextSize = rareCodePointSize
		code.TextStyle = fyne.TextStyle{Bold: true, Monospace: true}
		where := newWrappedText(rarePosition(x))
		w.glyphs, w.codes, w.position = append(w.glyphs, glyph), append(w.codes, code), append(w.position, where)
		box := container.NewGridWrap(fyne.NewSize(rareGlyphSize*1.4, rareGlyphSize*1.4), container.NewCenter(glyph))
		rows.Add(container.NewBorder(nil, nil, box, nil, container.NewVBox(code, where)))
		rows.Add(widget.NewSeparator())
	}
	var buttons *fyne.Container
	if proceed == "" {
		w.back = widget.NewButton(T("知道了"), func() { w.close() })
		w.back.Importance = widget.HighImportance
		buttons = container.NewHBox(w.back)
	} else {
		w.proceed = widget.NewButton(proceed, func() {
			w.close()
			if then != nil {
				then()
			}
		})
		w.proceed.Importance = widget.HighImportance
		w.back = widget.NewButton(T("返回"), func() { w.close() })
		buttons = container.NewHBox(w.proceed, w.back)
	}
	body := container.NewBorder(note, buttons, nil, nil, container.NewVScroll(rows))
	w.dialog = dialog.NewCustomWithoutButtons(title, body, u.win)
	// Two characters show without scrolling; the dialog stays well inside
	// 1280×720 however many there are.
	height := float32(260) + float32(min(len(us), 3))*(rareGlyphSize*1.4+12)
	w.dialog.Resize(fyne.NewSize(680, min(height, 620)))
	w.dialog.SetOnClosed(func() {
		if u.rare == w {
			u.rare = nil
		}
	})
	u.rare = w
	w.dialog.Show()
	return w
}

func (w *rareWarning) close() { w.dialog.Hide() }

// rarePosition says where the character is: 姓名第2个字（张𰻞） on a
// single document; 收据 QB01-2026-000012 缴款人“张𰻞”第2个字 in a row of a
// list; “张𰻞”第2个字 for a printed text of no named field. Several
// positions of the same character are listed together (第2、4个字,
// 第2–20个字).
func rarePosition(x rareItem) string {
	ps := x.positions
	if len(ps) == 0 {
		ps = []int{x.Position}
	}
	at := positionList(ps)
	switch {
	case x.row != "" && x.Field != "":
		return Tf("%s %s“%s”第%s个字", x.row, x.Field, x.text, at)
	case x.row != "":
		return Tf("%s “%s”第%s个字", x.row, x.text, at)
	case x.Field == "":
		return Tf("“%s”第%s个字", x.text, at)
	}
	return Tf("%s第%s个字（%s）", x.Field, at, x.text)
}
