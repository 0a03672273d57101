package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// catalogueStore is what the supervisor's catalogue screen needs from the
// station's database; every method is one transaction. shipped is the
// default catalogue this program release carries (App.catalogue).
type catalogueStore interface {
	Services(ctx context.Context) ([]forms.Service, error)
	ServiceHistory(ctx context.Context, code string) ([]forms.ServiceVersionInfo, error)
	RestoreServiceVersion(ctx context.Context, a forms.Actor, code string, version int) (int, error)
	DefaultOffers(ctx context.Context, shipped *forms.Catalogue) ([]forms.DefaultOffer, error)
	AdoptDefault(ctx context.Context, a forms.Actor, shipped *forms.Catalogue, code string) (int, error)
	DismissDefault(ctx context.Context, a forms.Actor, shipped *forms.Catalogue, code string) error
}

// catalogueScreen is the supervisor's tab 业务目录: every service with its
// current version; the selected service's versions (who saved each, when,
// what it changed, how many cases were opened under it), any of which can
// be restored as a newer version; 编辑 opens the service editor
// (serviceeditor.go) in its place. A program release whose default
// catalogue changed offers the new defaults at the top, to adopt as new
// versions or to dismiss; they never replace the supervisor's edits.
type catalogueScreen struct {
	app      *App
	st       catalogueStore
	root     *fyne.Container // the list, or the editor
	main     fyne.CanvasObject
	services []forms.Service
	selected int
	history  []forms.ServiceVersionInfo
	offers   []forms.DefaultOffer

	list      *widget.List
	offerBox  *fyne.Container
	offerArea *container.Scroll
	versions  *fyne.Container
	title     *widget.Label
	edit      *widget.Button
	holidays  *widget.Button
	restores  map[int]*widget.Button // 恢复为新版本, by version, for tests
	adopts    map[string]*widget.Button
	dismisses map[string]*widget.Button
	editor    *serviceEditor // the editor on show, for tests
}

func newCatalogueScreen(u *App) *catalogueScreen {
	s := &catalogueScreen{app: u, st: u.store, selected: -1}
	s.list = widget.NewList(func() int { return len(s.services) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			x := s.services[i]
			o.(*widget.Label).SetText(Tf("%s · 第%d版", x.Name, x.Version))
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.selected = i
		s.loadHistory()
	}
	s.offerBox = container.NewVBox()
	s.offerArea = container.NewVScroll(s.offerBox)
	s.offerArea.Hide()
	s.versions = container.NewVBox()
	s.title = widget.NewLabel(T("请在左边选择一项业务"))
	s.title.Wrapping = fyne.TextWrapWord
	s.edit = widget.NewButton(T("编辑此业务…"), s.onEdit)
	s.edit.Importance = widget.HighImportance
	s.edit.Disable()
	s.holidays = widget.NewButton(T("节假日和调休…"), func() { u.showHolidays() })
	right := container.NewBorder(
		container.NewVBox(s.title, container.NewHBox(s.edit, s.holidays), widget.NewSeparator()),
		nil, nil, nil, container.NewVScroll(s.versions))
	split := container.NewHSplit(s.list, padded(right))
	split.Offset = 0.28
	note := newWrappedText(T("修改业务会保存为新版本；已受理的业务仍按受理时的版本办理。"))
	s.main = container.NewBorder(container.NewVBox(s.offerArea, note), nil, nil, nil, split)
	s.root = container.NewStack(s.main)
	s.refresh()
	return s
}

func (s *catalogueScreen) content() fyne.CanvasObject { return s.root }

// refresh reads the services and the offers of the shipped default, and
// keeps the selected service selected.
func (s *catalogueScreen) refresh() {
	shipped := s.app.catalogue
	var list []forms.Service
	var offers []forms.DefaultOffer
	code := ""
	if x := s.current(); x != nil {
		code = x.Code
	}
	s.app.async(func(ctx context.Context) error {
		var err error
		if list, err = s.st.Services(ctx); err != nil {
			return err
		}
		if shipped != nil {
			offers, err = s.st.DefaultOffers(ctx, shipped)
		}
		return err
	}, func() {
		s.services = list
		s.offers = offers
		s.showOffers()
		s.list.Refresh()
		s.selected = -1
		s.list.UnselectAll()
		for i := range s.services {
			if s.services[i].Code == code {
				s.list.Select(i)
			}
		}
		if s.selected < 0 {
			s.showHistory()
		}
	})
}

func (s *catalogueScreen) current() *forms.Service {
	if s.selected < 0 || s.selected >= len(s.services) {
		return nil
	}
	return &s.services[s.selected]
}

// showOffers lists the shipped defaults on offer, each with 采用 and 不采用.
func (s *catalogueScreen) showOffers() {
	s.offerBox.RemoveAll()
	s.adopts = map[string]*widget.Button{}
	s.dismisses = map[string]*widget.Button{}
	if len(s.offers) == 0 {
		s.offerArea.Hide()
		s.main.Refresh()
		return
	}
	head := widget.NewLabel(Tf("新版程序带来了 %d 项业务的新默认内容（%s）。采用后保存为该业务的新版本，不采用则保留现有内容：",
		len(s.offers), s.offers[0].Release))
	head.Wrapping = fyne.TextWrapWord
	head.Importance = widget.WarningImportance
	s.offerBox.Add(head)
	for _, o := range s.offers {
		o := o
		what := Tf("业务“%s”有更新：%s", o.Name, strings.Join(o.Changes, "；"))
		if o.New {
			what = Tf("新业务“%s”", o.Name)
		}
		l := widget.NewLabel(what)
		l.Wrapping = fyne.TextWrapWord
		adopt := widget.NewButton(T("采用"), func() { s.onAdopt(o) })
		dismiss := widget.NewButton(T("不采用"), func() { s.onDismiss(o) })
		s.adopts[o.Code], s.dismisses[o.Code] = adopt, dismiss
		s.offerBox.Add(container.NewBorder(nil, nil, nil, container.NewHBox(adopt, dismiss), l))
	}
	h := s.offerBox.MinSize().Height
	if h > 200 {
		h = 200
	}
	s.offerArea.SetMinSize(fyne.NewSize(0, h))
	s.offerArea.Show()
	s.main.Refresh() // the offers take their room above the list
}

func (s *catalogueScreen) onAdopt(o forms.DefaultOffer) {
	shipped := s.app.catalogue
	msg := Tf("将业务“%s”的新默认内容保存为新版本？已受理的业务仍按原版本办理。", o.Name)
	s.confirm(T("采用新默认内容"), msg, T("采用"), func(ok bool) {
		if !ok {
			return
		}
		var v int
		s.app.withSupervisor(T("采用新默认内容"), func(ctx context.Context, a forms.Actor) error {
			var err error
			v, err = s.st.AdoptDefault(ctx, a, shipped, o.Code)
			return err
		}, func() {
			s.status(Tf("业务“%s”已采用新默认内容，保存为第%d版", o.Name, v))
			s.refresh()
		})
	})
}

func (s *catalogueScreen) onDismiss(o forms.DefaultOffer) {
	shipped := s.app.catalogue
	s.app.withSupervisor(T("不采用新默认内容"), func(ctx context.Context, a forms.Actor) error {
		return s.st.DismissDefault(ctx, a, shipped, o.Code)
	}, func() {
		s.status(Tf("业务“%s”保留现有内容，不再提示本次默认内容", o.Name))
		s.refresh()
	})
}

func (s *catalogueScreen) status(msg string) {
	if s.app.home != nil {
		s.app.home.setStatus(msg)
	}
}

// loadHistory reads the selected service's versions.
func (s *catalogueScreen) loadHistory() {
	x := s.current()
	if x == nil {
		s.history = nil
		s.showHistory()
		return
	}
	code := x.Code
	var h []forms.ServiceVersionInfo
	s.app.async(func(ctx context.Context) error {
		var err error
		h, err = s.st.ServiceHistory(ctx, code)
		return err
	}, func() {
		if x := s.current(); x == nil || x.Code != code {
			return
		}
		s.history = h
		s.showHistory()
	})
}

// showHistory shows the selected service's versions, newest first: who
// saved it and when, what it changed, the cases opened under it, and
// 恢复为新版本 for every version but the current.
func (s *catalogueScreen) showHistory() {
	s.versions.RemoveAll()
	s.restores = map[int]*widget.Button{}
	x := s.current()
	if x == nil {
		s.title.SetText(T("请在左边选择一项业务"))
		s.edit.Disable()
		return
	}
	s.title.SetText(Tf("%s（现行第%d版）", x.Name, x.Version))
	s.edit.Enable()
	for _, v := range s.history {
		v := v
		head := Tf("第%d版 · %s · %s · 受理单%d张", v.Version, v.At.Local().Format("2006-01-02 15:04"), v.By, v.Cases)
		if v.Current {
			head += T(" · 现行版本")
		}
		l := widget.NewLabel(head)
		changes := widget.NewLabel(strings.Join(v.Changes, "\n"))
		changes.Wrapping = fyne.TextWrapWord
		box := container.NewVBox(l, changes)
		if !v.Current {
			b := widget.NewButton(T("恢复为新版本"), func() { s.onRestore(v) })
			s.restores[v.Version] = b
			box = container.NewVBox(container.NewBorder(nil, nil, nil, b, l), changes)
		}
		s.versions.Add(box)
		s.versions.Add(widget.NewSeparator())
	}
}

// onRestore saves an old version's content as the newest version, after
// the supervisor confirms.
func (s *catalogueScreen) onRestore(v forms.ServiceVersionInfo) {
	x := s.current()
	if x == nil {
		return
	}
	code, name, next := x.Code, x.Name, x.Version+1
	msg := Tf("将业务“%s”第%d版的内容保存为第%d版？现行第%d版保留在历史中；已受理的业务仍按原版本办理。", name, v.Version, next, x.Version)
	s.confirm(T("恢复旧版本"), msg, T("恢复"), func(ok bool) {
		if !ok {
			return
		}
		var nv int
		s.app.withSupervisor(T("恢复旧版本"), func(ctx context.Context, a forms.Actor) error {
			var err error
			nv, err = s.st.RestoreServiceVersion(ctx, a, code, v.Version)
			return err
		}, func() {
			s.status(Tf("业务“%s”第%d版的内容已保存为第%d版", name, v.Version, nv))
			s.refresh()
		})
	})
}

// onEdit opens the editor on the selected service's current version in
// place of the list; it comes back here when saved or left.
func (s *catalogueScreen) onEdit() {
	x := s.current()
	if x == nil {
		return
	}
	s.editor = newServiceEditor(s.app, x, func(saved int) {
		s.editor = nil
		s.root.Objects = []fyne.CanvasObject{s.main}
		s.root.Refresh()
		s.refresh()
	})
	s.root.Objects = []fyne.CanvasObject{s.editor.root}
	s.root.Refresh()
}

// unsaved reports whether the editor on show holds changes not yet saved.
func (s *catalogueScreen) unsaved() bool { return s.editor != nil && s.editor.unsaved() }

// leave runs then when the screen may be left, e.g. for logging out: at
// once when no editor holds unsaved changes, else after the supervisor
// agrees to drop them (question, action: as serviceEditor.askDiscard);
// 继续编辑 runs stay, e.g. to bring the 业务目录 tab back.
func (s *catalogueScreen) leave(question, action string, then, stay func()) {
	if s.editor == nil {
		then()
		return
	}
	s.editor.askDiscard(question, action, then, stay)
}

// confirm asks the supervisor to confirm an action whose button says what
// it does.
func (s *catalogueScreen) confirm(title, msg, action string, then func(bool)) {
	newConfirm(title, action, T("取消"), msg, then, s.app.win).Show()
}
