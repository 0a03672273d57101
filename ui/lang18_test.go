package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// shownTexts lists every text the window shows (its content and each
// dialog; hidden parts skipped): the texts drawn, the choices of every
// choice list (also those not open) and the titles of every tab (also
// those in the overflow menu).
func shownTexts(w fyne.Window, skip ...fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || slices.Contains(skip, o) {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *widget.Select:
			out = append(out, x.Options...)
			out = append(out, x.PlaceHolder)
		case *widget.RadioGroup:
			out = append(out, x.Options...)
		case *container.AppTabs:
			for _, it := range x.Items {
				out = append(out, it.Text)
			}
		case *widget.Entry:
			out = append(out, x.PlaceHolder)
			return // what was typed is the clerk's
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(w.Canvas().Content())
	for _, o := range w.Canvas().Overlays().List() {
		walk(o)
	}
	return out
}

// chineseLeft returns the texts shown in English mode that still have
// Chinese in them once the station's own data (names of people, the
// branch, services and categories, what was typed) is taken out, each
// once.
func chineseLeft(w fyne.Window, data []string, skip ...fyne.CanvasObject) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range shownTexts(w, skip...) {
		rest := s
		for _, d := range data {
			if d != "" {
				rest = strings.ReplaceAll(rest, d, "")
			}
		}
		// A line of a wrapped text of data (the script), maybe numbered.
		line := strings.TrimSpace(strings.TrimLeft(s, "0123456789. "))
		for _, d := range data {
			if line != "" && strings.Contains(d, line) {
				rest = ""
			}
		}
		if hasHan(rest) && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// tabsOverflow reports whether the tab bar put tabs into its "…" menu:
// its overflow button (an icon without text in the bar) is shown.
func tabsOverflow(tabs *container.AppTabs) bool {
	for _, o := range test.WidgetRenderer(tabs).Objects() {
		bar, ok := o.(*fyne.Container)
		if !ok || !bar.Visible() {
			continue
		}
		for _, x := range bar.Objects {
			if b, ok := x.(*widget.Button); ok && b.Visible() && b.Text == "" && b.Icon != nil {
				return true
			}
		}
	}
	return false
}

// TestTabsOverflowSeesTheMenu: the overflow check finds the "…" of a tab
// bar too long for 1280 px and none on a short one.
func TestTabsOverflowSeesTheMenu(t *testing.T) {
	test.NewTempApp(t)
	var many []*container.TabItem
	for i := 0; i < 14; i++ {
		many = append(many, container.NewTabItem(fmt.Sprintf("A rather long tab title %d", i), widget.NewLabel("x")))
	}
	for name, tc := range map[string]struct {
		items []*container.TabItem
		want  bool
	}{"long": {many, true}, "short": {many[:2], false}} {
		tabs := container.NewAppTabs(tc.items...)
		w := test.NewWindow(tabs)
		w.Resize(fyne.NewSize(fitWidth, fitHeight))
		if got := tabsOverflow(tabs); got != tc.want {
			t.Errorf("%s: tabsOverflow = %v, want %v", name, got, tc.want)
		}
		w.Close()
	}
}

// englishStation is the fit walker's station (supervisor 李主管, clerk
// 张窗口, the customer 王芳) with a closed complaint whose follow-up call
// is due, switched to English and logged in again as the supervisor at
// 1280×720. It returns what the station holds as data (names, the
// branch, categories, services, the complaint's words), which stays as
// written in English mode.
func englishStation(t *testing.T) (*fitWalker, []string) {
	t.Helper()
	w := newFitWalker(t)
	ctx := context.Background()
	w.setUp()
	w.logIn("李主管", "zhuguan123")
	w.addClerk()
	if err := w.db.SetHolidayCalendar(ctx, w.app.actor(), forms.HolidayCalendar{Year: 2026}); err != nil {
		t.Fatal(err)
	}
	cust := &forms.Customer{Name: "王芳", IDNumber: femaleID, Mobile: "13812345678"}
	if err := w.db.CreateCustomer(ctx, w.app.actor(), cust); err != nil {
		t.Fatal(err)
	}
	words, answer := "排队等了两个小时，没有人解释原因。", "已向客户道歉并说明当天系统故障。"
	c, err := w.db.RecordComplaint(ctx, w.app.actor(), forms.Complaint{Channel: forms.ChannelPhone, Category: forms.CategoryWaiting,
		CustomerID: cust.ID, Words: words, Complexity: forms.ComplaintSimple})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.db.CloseComplaint(ctx, w.app.actor(), c.ID, forms.ComplaintUpheld, answer); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.RecordComplaint(ctx, w.app.actor(), forms.Complaint{Channel: forms.ChannelCounter, Category: forms.CategoryAttitude,
		CallerName: "赵先生", CallerPhone: "13800001111", Words: words, Complexity: forms.ComplaintComplex}); err != nil {
		t.Fatal(err)
	}
	// ［网点］ is the token the supervisor types into the script.
	data := []string{"青白江人才服务中心", "李主管", "张窗口", "王芳", "赵先生", words, answer, "［网点］"}
	script, err := w.db.FollowUpScript(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{script.Opening, script.NotConvenient, script.ScorePrompt, script.Improve, script.Closing} {
		data = append(data, script.Line(line, "青白江人才服务中心"))
	}
	for _, q := range script.Questions {
		data = append(data, q.Text)
	}
	cats, err := w.db.ComplaintCategories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		data = append(data, c.Name)
	}
	svcs, err := w.db.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		data = append(data, s.Name)
	}
	if err := LoadLanguage("en"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = LoadLanguage("zh") })
	w.app.showLogin()
	w.logIn("李主管", "zhuguan123")
	if w.app.home == nil {
		t.Fatal("the supervisor did not reach the main screen in English")
	}
	return w, data
}

// TestEnglish_Issue18ScreensAndTabs walks issue 18's screens in English
// at 1280×720 as the supervisor: every home tab's title shows (none in
// the "…" menu), and the 投诉 register, 新投诉, the complaint, the 回访
// list, the call in each branch of the script, 日结 · 服务月报, the
// complaint categories and the customer's rating show no Chinese but the
// station's own data, and fit.
func TestEnglish_Issue18ScreensAndTabs(t *testing.T) {
	w, data := englishStation(t)
	home := w.app.home
	var chinese []string
	look := func(state string) {
		t.Helper()
		w.check("English · " + state)
		// The backup warning above the tabs is the store's Chinese
		// message (forms), as every store message is.
		for _, s := range chineseLeft(w.app.win, data, home.backup) {
			chinese = append(chinese, fmt.Sprintf("%s: %q", state, s))
		}
	}
	selectTab := func(zh string) {
		t.Helper()
		for _, it := range home.tabs.Items {
			if strings.HasPrefix(it.Text, T(zh)) {
				home.tabs.Select(it)
				w.wait()
				return
			}
		}
		t.Fatalf("no tab %q (%q)", zh, T(zh))
	}
	if tabsOverflow(home.tabs) {
		var titles []string
		for _, it := range home.tabs.Items {
			titles = append(titles, it.Text)
		}
		t.Errorf("at 1280 px in English the home tabs go into the … menu: %q", titles)
	}
	for _, it := range home.tabs.Items {
		home.tabs.Select(it)
		w.check("English · tab " + it.Text)
	}

	selectTab("投诉")
	s := home.complaints
	look("投诉")
	test.Tap(s.newBtn)
	w.wait()
	look("新投诉")
	if s.form != nil {
		s.form.who.SetSelected(s.form.who.Options[1])
		look("新投诉（匿名来电）")
	}
	w.closeDialogs()
	cs, err := w.db.Complaints(context.Background(), forms.ComplaintQuery{})
	if err != nil || len(cs) == 0 {
		t.Fatalf("complaints: %v %d", err, len(cs))
	}
	for _, c := range cs {
		home.openComplaint(c.ID)
		w.wait()
		look("投诉 " + c.Number)
		for _, b := range []string{"记录处理经过", "答复客户", "办结", "移交给他人"} {
			if w.tap(T(b)) {
				look("投诉 → " + b)
				w.closeDialogs()
			}
		}
	}

	selectTab("回访")
	f := home.followUps
	f.refresh()
	w.wait()
	look("回访")
	if len(f.rows) == 0 {
		t.Fatal("no follow-up in the list")
	}
	f.list.Select(0)
	w.wait()
	look("回访（选中）")
	test.Tap(f.callBtn)
	w.wait()
	if f.call == nil {
		t.Fatal("开始回访 opened no call")
	}
	look("电话回访")
	for _, branch := range f.call.reach.Options {
		f.call.reach.SetSelected(branch)
		look("电话回访 · " + branch)
	}
	f.call.score.SetSelected(f.call.score.Options[1])
	tapCallSave(w, f.call)
	look("电话回访（已记录）")
	w.closeDialogs()
	f.openOnly.SetChecked(false)
	w.wait()
	f.list.Select(0)
	for _, b := range []string{"查看回访记录", "指定回访人", "编辑回访话术"} {
		if w.tap(T(b)) {
			look("回访 → " + b)
			w.closeDialogs()
		}
	}

	selectTab("日结")
	if home.dayEnd.service == nil {
		t.Fatal("the supervisor's Day end has no service report")
	}
	home.dayEnd.root.SelectIndex(2)
	now := w.app.now()
	home.dayEnd.service.show(now.Year(), now.Month())
	w.wait()
	look("日结 · 服务月报")

	w.app.showComplaintCategories()
	w.wait()
	look("设置 → 投诉类别")
	w.closeDialogs()
	w.app.showRating(&forms.Case{ID: "none", Number: "QB1-2026-000001", ServiceName: svcName(data), Status: forms.CaseCompleted}, nil)
	w.wait()
	look("客户评价")
	w.closeDialogs()

	for _, c := range chinese {
		t.Error("Chinese in English mode: " + c)
	}
	for _, m := range w.failures {
		t.Error(m)
	}
}

// svcName is a service name of the station's data (the last).
func svcName(data []string) string { return data[len(data)-1] }
