package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// hqRecipient makes a head office identity and returns its recipient
// (age1…), as `hqdesk keygen` writes it to hq-recipient.txt.
func hqRecipient(t *testing.T) string {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id.Recipient().String()
}

// setHQRecipient stores head office's recipient as the supervisor would.
func (h *harness) setHQRecipient(sup forms.Actor) {
	h.t.Helper()
	if err := h.db.SetSettings(context.Background(), sup, map[string]string{forms.SettingHQRecipient: hqRecipient(h.t)}); err != nil {
		h.t.Fatal(err)
	}
}

// showExport selects the 导出到总部 tab and returns its screen.
func (h *harness) showExport() *exportScreen {
	h.t.Helper()
	h.selectTab("导出到总部")
	home := h.app.home
	if home.export == nil || home.tabs.Selected().Content != home.export.root {
		h.t.Fatal("no 导出到总部 tab")
	}
	return home.export
}

// exportFolder makes a destination folder with a space and Chinese
// characters in its path.
func exportFolder(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "U盘 "+name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// filesIn lists the names in dir.
func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestExport_WritesFileAndListsIt: a supervisor picks the stick the drive
// list offers, exports, and sees the file's name, rows and path; the file
// is in the folder (nothing else, no temporary left), the list shows it,
// nothing waits any more, and the destination is remembered for the next
// visit. A second export with nothing new says so calmly.
func TestExport_WritesFileAndListsIt(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	stick := exportFolder(t, "KINGSTON 青白江")
	h.app.SetDrives(func() []Drive { return []Drive{{Path: stick, Label: "KINGSTON", Free: 12 << 30}} })
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.setHQRecipient(h.app.actor())
	s := h.showExport()

	// Before the first export the screen says every record goes, not a
	// count of changes (an upgraded station counts only those since).
	if !s.status.First || !strings.Contains(s.pending.Text, "全部记录") {
		t.Errorf("a new station shows %q (first %v)", s.pending.Text, s.status.First)
	}
	// The intro names this station's own file (the trial saw QB01's
	// example on station XL01).
	if want := forms.ExportFileName(h.app.station.Code(), 1); !strings.Contains(s.note.Text, want) {
		t.Errorf("intro %q does not name %s", s.note.Text, want)
	}
	if !strings.Contains(s.last.Text, "还没有导出过") || !strings.Contains(s.hqKey.Text, "已设置") {
		t.Errorf("status: last %q, key %q", s.last.Text, s.hqKey.Text)
	}
	// The only drive plugged in is chosen.
	if s.destination() != stick || !strings.Contains(s.dest.Selected, "KINGSTON") || !strings.Contains(s.dest.Selected, "12.0 GB") {
		t.Fatalf("destination %q shown as %q", s.destination(), s.dest.Selected)
	}
	if s.exportBtn.Disabled() {
		t.Fatalf("导出 disabled: %q", s.why.Text)
	}
	test.Tap(s.exportBtn)
	h.wait()

	want := forms.ExportFileName("QB01", 1)
	if got := filesIn(t, stick); len(got) != 1 || got[0] != want {
		t.Fatalf("the stick holds %v, want [%s]", got, want)
	}
	path := filepath.Join(stick, want)
	if !s.result.Visible() || !strings.Contains(s.result.Text, want) || !strings.Contains(s.result.Text, path) || !strings.Contains(s.result.Text, "行") {
		t.Errorf("result %q", s.result.Text)
	}
	// Readable: the normal text colour, not the theme's light green.
	if c := importanceContrast(s.result.Importance); c < 4.5 {
		t.Errorf("the result is drawn with contrast %.1f:1 (importance %v), want at least 4.5:1", c, s.result.Importance)
	}
	// The result stays on this screen: the status line, which every tab
	// shows, does not carry it.
	if st := h.app.home.status.Text; strings.Contains(st, want) || strings.Contains(st, "已导出") {
		t.Errorf("the status line carries the export's result: %q", st)
	}
	if want := forms.ExportFileName(h.app.station.Code(), 2); !strings.Contains(s.note.Text, want) {
		t.Errorf("after export 1 the intro says %q, want %s", s.note.Text, want)
	}
	if s.progressDlg == nil || s.progress.Value != 1 {
		t.Errorf("the progress bar was not shown or did not reach the end (%v)", s.progress)
	}
	if top := h.app.win.Canvas().Overlays().Top(); top != nil || s.busy || s.exportBtn.Disabled() {
		t.Errorf("after the export: a dialog on show %v, busy %v, 导出 disabled %v", top != nil, s.busy, s.exportBtn.Disabled())
	}
	if len(s.exports) != 1 || s.list.Length() != 1 || s.exports[0].Number != 1 || s.exports[0].User != "李主管" {
		t.Fatalf("list after the export: %+v", s.exports)
	}
	if line := exportLine(s.exports[0]); !strings.Contains(line, "第1号") || !strings.Contains(line, want) {
		t.Errorf("list line %q", line)
	}
	if s.status.Pending != 0 || !strings.Contains(s.pending.Text, "没有") || !strings.Contains(s.last.Text, "第1号") {
		t.Errorf("after the export: %q (%d pending), last %q", s.pending.Text, s.status.Pending, s.last.Text)
	}
	if dir, err := h.db.Setting(ctx, forms.SettingExportDir); err != nil || dir != stick {
		t.Errorf("remembered destination %q (%v), want %q", dir, err, stick)
	}

	// Nothing new: said calmly, no second file.
	test.Tap(s.exportBtn)
	h.wait()
	if got := filesIn(t, stick); len(got) != 1 {
		t.Errorf("a second export with nothing new wrote %v", got)
	}
	if !strings.Contains(s.result.Text, "无需导出") || s.result.Importance == widget.DangerImportance {
		t.Errorf("nothing new: %q (importance %v)", s.result.Text, s.result.Importance)
	}

	// New work elsewhere, then back to the tab: the "nothing new" line is
	// gone, not left under 导出 contradicting "N 项变动尚未导出".
	if _, err := h.db.AddUser(ctx, h.app.actor(), "王新", forms.RoleClerk, "linshi123"); err != nil {
		t.Fatal(err)
	}
	h.app.home.tabs.SelectIndex(0)
	h.wait()
	s = h.showExport()
	if s.status.Pending == 0 || s.result.Visible() && strings.Contains(s.result.Text, "无需导出") {
		t.Errorf("after new work: %d pending, result line %q (shown %v)", s.status.Pending, s.result.Text, s.result.Visible())
	}

	// Next visit, with the stick gone and another folder remembered: the
	// remembered folder is chosen again.
	other := exportFolder(t, "导出 备用")
	if err := h.db.SetSettings(ctx, h.app.actor(), map[string]string{forms.SettingExportDir: other}); err != nil {
		t.Fatal(err)
	}
	h.app.SetDrives(func() []Drive { return nil })
	h.app.showLogin()
	h.logIn("李主管", "zhuguan123")
	s = h.showExport()
	if s.destination() != other || s.dest.Selected != other {
		t.Errorf("next visit: destination %q (%q), want the remembered %q", s.destination(), s.dest.Selected, other)
	}
}

// TestExport_NoRecipient: before head office's key is imported the screen
// says 尚未设置总部公钥 and how to set it, and 导出 is disabled with the
// reason; the store's own refusal, should the export run anyway, shows in
// Chinese and writes nothing.
func TestExport_NoRecipient(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	s := h.showExport()
	dir := exportFolder(t, "导出")
	s.setDestination(dir)
	if !strings.Contains(s.hqKey.Text, "尚未设置总部公钥") || s.hqKey.Importance != widget.DangerImportance || s.setKey.Disabled() {
		t.Errorf("key line %q (importance %v), 导入 disabled %v", s.hqKey.Text, s.hqKey.Importance, s.setKey.Disabled())
	}
	if !s.exportBtn.Disabled() || !strings.Contains(s.why.Text, "总部公钥") {
		t.Errorf("导出 disabled %v, why %q", s.exportBtn.Disabled(), s.why.Text)
	}
	s.onExport()
	h.wait()
	if !strings.Contains(s.result.Text, "总部公钥") || s.result.Importance != widget.DangerImportance {
		t.Errorf("the store's refusal shows %q", s.result.Text)
	}
	if got := filesIn(t, dir); len(got) != 0 {
		t.Errorf("a refused export left %v", got)
	}
	if s.busy || s.choose.Disabled() {
		t.Error("the screen stays busy after the refusal")
	}
}

// TestExport_PulledStick: the stick was pulled after it was chosen; the
// export fails with the store's Chinese message under 导出, nothing is
// listed, and with the stick back the export goes through.
func TestExport_PulledStick(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.setHQRecipient(h.app.actor())
	s := h.showExport()
	stick := exportFolder(t, "拔出的U盘")
	s.setDestination(stick)
	if err := os.Remove(stick); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.exportBtn)
	h.wait()
	msg := s.result.Text
	if s.result.Importance != widget.DangerImportance || msg == "" || msg == forms.ErrorMessage(errors.New("x")) || !strings.ContainsAny(msg, "文件夹U盘") {
		t.Errorf("pulled stick: %q", msg)
	}
	if h.app.home.status.Text == "" || !strings.HasPrefix(msg, h.app.home.status.Text) {
		t.Errorf("status line %q", h.app.home.status.Text)
	}
	if len(s.exports) != 0 || s.busy || s.exportBtn.Disabled() {
		t.Fatalf("after the failure: %d listed, busy %v, 导出 disabled %v", len(s.exports), s.busy, s.exportBtn.Disabled())
	}
	h.app.win.Canvas().Overlays().Remove(h.app.win.Canvas().Overlays().Top())
	if err := os.Mkdir(stick, 0o755); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.exportBtn)
	h.wait()
	if got := filesIn(t, stick); len(got) != 1 || got[0] != forms.ExportFileName("QB01", 1) || len(s.exports) != 1 {
		t.Errorf("with the stick back: %v, %d listed (result %q)", got, len(s.exports), s.result.Text)
	}
}

// TestExport_Rewrite writes an earlier export again, into another folder,
// byte for byte, from the list's 重新写出….
func TestExport_Rewrite(t *testing.T) {
	h := newHarness(t)
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.setHQRecipient(h.app.actor())
	s := h.showExport()
	first := exportFolder(t, "第一次")
	s.setDestination(first)
	test.Tap(s.exportBtn)
	h.wait()
	name := forms.ExportFileName("QB01", 1)
	orig, err := os.ReadFile(filepath.Join(first, name))
	if err != nil {
		t.Fatal(err)
	}
	// A second export, so the rewrite is of one that is not the newest.
	if _, err := h.db.AddUser(context.Background(), h.app.actor(), "王新", forms.RoleClerk, "linshi123"); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.exportBtn)
	h.wait()
	if len(s.exports) != 2 {
		t.Fatalf("%d exports listed", len(s.exports))
	}

	again := exportFolder(t, "补送 丢失的U盘")
	s.setDestination(again)
	// The list's own 重新写出… of its second row (newest first: export 1).
	row := s.list.CreateItem().(*fyne.Container)
	s.list.UpdateItem(1, row)
	test.Tap(row.Objects[1].(*widget.Button))
	if s.rewriteBtn == nil || s.rewriteBtn.Disabled() {
		t.Fatal("重新写出 offers no 写出")
	}
	test.Tap(s.rewriteBtn)
	h.wait()
	got, err := os.ReadFile(filepath.Join(again, name))
	if err != nil {
		t.Fatalf("the rewrite wrote no %s: %v (result %q)", name, err, s.result.Text)
	}
	if !bytes.Equal(got, orig) {
		t.Error("the rewritten export differs from the first")
	}
	if !strings.Contains(s.result.Text, "已重新写出第1号") || !strings.Contains(s.result.Text, filepath.Join(again, name)) {
		t.Errorf("result %q", s.result.Text)
	}
	if len(s.exports) != 2 {
		t.Errorf("a rewrite changed the list: %d exports", len(s.exports))
	}
}

// TestExport_ClerkNeedsApproval: a clerk's 导出 asks for a supervisor's
// name and password; nothing is written before, a wrong password writes
// nothing, and the export is recorded under the supervisor.
func TestExport_ClerkNeedsApproval(t *testing.T) {
	h := newHarness(t)
	sup := clerkLoggedIn(t, h)
	h.setHQRecipient(sup)
	s := h.showExport()
	dir := exportFolder(t, "窗口 导出")
	s.setDestination(dir)
	if !s.setKey.Disabled() {
		t.Error("a clerk may import head office's key")
	}
	test.Tap(s.exportBtn)
	h.wait()
	if h.app.approval == nil {
		t.Fatal("a clerk's export asked no supervisor")
	}
	if got := filesIn(t, dir); len(got) != 0 {
		t.Fatalf("written before approval: %v", got)
	}
	h.approve("wrong-password")
	if got := filesIn(t, dir); len(got) != 0 {
		t.Fatalf("written with a wrong password: %v", got)
	}
	if h.app.approval.message.Text == "" {
		t.Error("the wrong password is not explained")
	}
	if s.progressDlg != nil {
		t.Error("“请勿拔出U盘” was shown before the supervisor's password was accepted")
	}
	h.approve("zhuguan123")
	if got := filesIn(t, dir); len(got) != 1 || got[0] != forms.ExportFileName("QB01", 1) {
		t.Fatalf("after approval the folder holds %v (result %q)", got, s.result.Text)
	}
	if len(s.exports) != 1 || s.exports[0].User != "李主管" {
		t.Errorf("listed %+v", s.exports)
	}

	// Nothing new since: the clerk is told so at once, and no supervisor
	// is called over to approve an export that writes nothing.
	h.app.approval = nil
	test.Tap(s.exportBtn)
	h.wait()
	if h.app.approval != nil {
		t.Error("nothing to export, yet the supervisor's approval is asked")
	}
	if !strings.Contains(s.result.Text, "无需导出") || !s.result.Visible() {
		t.Errorf("nothing new: %q (shown %v)", s.result.Text, s.result.Visible())
	}
	if got := filesIn(t, dir); len(got) != 1 {
		t.Errorf("the folder holds %v", got)
	}
	// New work: the clerk's 导出 asks for approval again.
	if _, err := h.db.AddUser(context.Background(), sup, "王新", forms.RoleClerk, "linshi123"); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.exportBtn)
	h.wait()
	if h.app.approval == nil {
		t.Error("with new changes the clerk's 导出 asked no supervisor")
	}
}

// TestExport_RewriteDialogBreaksLines: the 重新写出 dialog's text, at
// 1280×720 with a real folder, starts no line with a closing mark (the
// trial saw "“已导入" and "”。" on two lines).
func TestExport_RewriteDialogBreaksLines(t *testing.T) {
	h := newHarness(t)
	h.app.win.Resize(fyne.NewSize(1280, 720))
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.setHQRecipient(h.app.actor())
	s := h.showExport()
	s.setDestination(exportFolder(t, "导出"))
	test.Tap(s.exportBtn)
	h.wait()
	if len(s.exports) != 1 {
		t.Fatalf("%d exports (result %q)", len(s.exports), s.result.Text)
	}
	s.onRewrite(s.exports[0])
	h.wait()
	if bad := badLineStarts(h.app.win.Canvas().Overlays().Top()); len(bad) > 0 {
		t.Errorf("badly broken lines: %q", bad)
	}
}

// importanceContrast is the contrast ratio (1–21) of a label of
// importance imp against the theme's background.
func importanceContrast(imp widget.Importance) float64 {
	name := theme.ColorNameForeground
	switch imp {
	case widget.SuccessImportance:
		name = theme.ColorNameSuccess
	case widget.WarningImportance:
		name = theme.ColorNameWarning
	case widget.DangerImportance:
		name = theme.ColorNameError
	case widget.HighImportance:
		name = theme.ColorNamePrimary
	case widget.LowImportance:
		name = theme.ColorNameDisabled
	}
	th := Theme{}
	return contrast(th.Color(name, theme.VariantLight), th.Color(theme.ColorNameBackground, theme.VariantLight))
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA()
		ch := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(bl)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// closingMarks may not start a line (禁则): closing brackets and quotes,
// and sentence punctuation.
const closingMarks = "）)】」』”’》〉。，、；：！？,.;:!?"

// badLineStarts lists the lines, as wrapped on screen, of the labels in o
// that start with a closing mark or end with an opening one ("（文件" /
// "hq-recipient.txt）").
func badLineStarts(o fyne.CanvasObject) []string {
	var bad []string
	for _, x := range test.LaidOutObjects(o) {
		l, ok := x.(*widget.Label)
		if !ok || !l.Visible() || l.Text == "" {
			continue
		}
		rows := map[float32]*strings.Builder{}
		var ys []float32
		for _, y := range test.LaidOutObjects(l) {
			ct, ok := y.(*canvas.Text)
			if !ok || ct.Text == "" {
				continue
			}
			b := rows[ct.Position().Y]
			if b == nil {
				b = &strings.Builder{}
				rows[ct.Position().Y] = b
				ys = append(ys, ct.Position().Y)
			}
			b.WriteString(ct.Text)
		}
		for _, y := range ys {
			line := strings.TrimSpace(rows[y].String())
			if line == "" {
				continue
			}
			first, _ := utf8.DecodeRuneInString(line)
			last, _ := utf8.DecodeLastRuneInString(line)
			if strings.ContainsRune(closingMarks, first) || strings.ContainsRune("（(【「『“‘《〈", last) {
				bad = append(bad, line)
			}
		}
	}
	return bad
}

// walkExport walks 导出到总部 for the fit test: no head office key (and
// the import dialog, with its message), a long destination, the progress
// dialog, the result, a failed export, a long list of exports and the
// rewrite dialog.
func walkExport(w *fitWalker) {
	t := w.t
	t.Helper()
	ctx := context.Background()
	s := w.showExport()
	w.check("导出到总部（尚未设置总部公钥）")
	w.mustTap("导出到总部", "导入总部公钥…")
	w.check("导出到总部 → 导入总部公钥")
	w.mustTap("导入总部公钥", "保存总部公钥")
	w.check("导出到总部 → 导入总部公钥（有错误提示）")
	w.closeDialogs()
	w.setHQRecipient(w.app.actor())
	s.onShown()
	w.wait()
	// The longest folder a supervisor might pick.
	long := filepath.Join(t.TempDir(), strings.Repeat("青白江人才服务中心 导出到总部的文件 ", 4), strings.Repeat("二〇二六年十一月 ", 4))
	if err := os.MkdirAll(long, 0o755); err != nil {
		t.Fatal(err)
	}
	s.setDestination(long)
	w.check("导出到总部（很长的导出位置）")
	s.startBusy(T("正在导出到总部"), Tf("正在写入 %s，请勿拔出U盘……", long))
	s.progress.SetValue(0.4)
	w.check("导出到总部（正在导出）")
	s.endBusy()
	w.mustTap("导出到总部", "导出")
	w.check("导出到总部（已导出）")
	w.closeDialogs()
	// A stick pulled before 导出: the failure in Chinese.
	gone := exportFolder(t, "已拔出")
	s.setDestination(gone)
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SetSettings(ctx, w.app.actor(), map[string]string{forms.SettingReturnDays: "31"}); err != nil {
		t.Fatal(err)
	}
	w.mustTap("导出到总部", "导出")
	w.check("导出到总部（导出失败）")
	w.closeDialogs()
	// A year of weekly exports.
	dir := exportFolder(t, "每周")
	for i := 0; i < 30; i++ {
		if err := w.db.SetSettings(ctx, w.app.actor(), map[string]string{forms.SettingReturnDays: fmt.Sprint(32 + i)}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.Export(ctx, w.app.actor(), dir, nil); err != nil {
			t.Fatal(err)
		}
	}
	s.setDestination(dir)
	s.onShown()
	w.check("导出到总部（历次导出很多）")
	w.mustTap("导出到总部", "重新写出…")
	w.check("导出到总部 → 重新写出")
	w.closeDialogs()
}

// TestExport_ClerkWithoutRecipient: a clerk, whose 导入总部公钥… is
// disabled, is told a supervisor must import the key, not to press it.
func TestExport_ClerkWithoutRecipient(t *testing.T) {
	h := newHarness(t)
	clerkLoggedIn(t, h)
	s := h.showExport()
	if !s.setKey.Disabled() || !strings.Contains(s.hqKey.Text, "须由主管") || strings.Contains(s.hqKey.Text, "请点") {
		t.Fatalf("clerk sees %q (button disabled %v)", s.hqKey.Text, s.setKey.Disabled())
	}
}
