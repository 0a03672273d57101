package ui

import (
	"context"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// complaintCategoryStore is what the supervisor's complaint category list
// needs from the station's database; every method is one transaction.
type complaintCategoryStore interface {
	ComplaintCategories(ctx context.Context) ([]forms.ComplaintCategory, error)
	// SetComplaintCategories saves the list (supervisor); a category some
	// complaint uses cannot be removed, only switched off.
	SetComplaintCategories(ctx context.Context, a forms.Actor, list []forms.ComplaintCategory) error
	// UsedComplaintCategories returns the codes some complaint uses: the
	// editor refuses 删除 for them right away and offers 停用.
	UsedComplaintCategories(ctx context.Context) ([]string, error)
}

// categoryRow is one category in the editor: its name and 停用.
type categoryRow struct {
	code   string
	name   *widget.Entry
	off    *widget.Check
	remove *widget.Button
}

// categoryDialog is the supervisor's editor of the complaint categories,
// kept in settings as the holiday calendar is: rename a category, add one,
// switch one off (it is no longer offered for new complaints but still
// names the old ones), or remove one no complaint uses. 删除 of a used
// category is refused at once with the reason and 停用 offered; the row
// and every other edit stay (issue 18 finding 10: the row went, then the
// save refused the whole list and the other edits were lost).
type categoryDialog struct {
	app     *App
	st      complaintCategoryStore
	used    map[string]bool // codes some complaint uses
	rows    []*categoryRow
	box     *fyne.Container
	add     *widget.Button
	save    *widget.Button
	message *wrappedText
	body    *fyne.Container // laid out again when the message's lines change
	dialog  dialog.Dialog
}

// showComplaintCategories opens the editor on the saved list.
func (u *App) showComplaintCategories() *categoryDialog {
	d := &categoryDialog{app: u, st: u.store, box: container.NewVBox()}
	d.message = newWrappedText("")
	d.message.Importance = widget.DangerImportance
	d.add = widget.NewButton(T("添加类别"), func() { d.addRow(d.newCode(), "", false) })
	d.save = widget.NewButton(T("保存类别"), d.onSave)
	d.save.Importance = widget.HighImportance
	closeBtn := widget.NewButton(T("关闭"), func() { d.dialog.Hide() })
	note := newWrappedText(T("投诉登记时从这些类别中选择，月报按类别统计。已有投诉使用的类别不能删除，只能停用；停用的类别不再供新投诉选择。"))
	body := container.NewBorder(note, container.NewVBox(d.message, container.NewHBox(d.add, d.save, closeBtn)), nil, nil,
		container.NewVScroll(d.box))
	d.body = body
	d.dialog = dialog.NewCustomWithoutButtons(T("投诉类别"), body, u.win)
	d.dialog.Resize(fyne.NewSize(640, 560))
	d.dialog.Show()
	var list []forms.ComplaintCategory
	var used []string
	u.async(func(ctx context.Context) error {
		var err error
		if list, err = d.st.ComplaintCategories(ctx); err != nil {
			return err
		}
		used, err = d.st.UsedComplaintCategories(ctx)
		return err
	}, func() {
		d.used = map[string]bool{}
		for _, code := range used {
			d.used[code] = true
		}
		for _, c := range list {
			d.addRow(c.Code, c.Name, c.Off)
		}
	})
	return d
}

// newCode returns a code no row has: custom1, custom2, …
func (d *categoryDialog) newCode() string {
	for n := 1; ; n++ {
		code := fmt.Sprintf("custom%d", n)
		if !slices.ContainsFunc(d.rows, func(r *categoryRow) bool { return r.code == code }) {
			return code
		}
	}
}

// addRow adds a category's row: its name, 停用 and 删除.
func (d *categoryDialog) addRow(code, name string, off bool) *categoryRow {
	r := &categoryRow{code: code, name: widget.NewEntry(), off: widget.NewCheck(T("停用"), nil)}
	r.name.SetText(name)
	r.name.SetPlaceHolder(T("类别名称，如 服务态度"))
	r.off.SetChecked(off)
	d.rows = append(d.rows, r)
	var row *fyne.Container
	remove := widget.NewButton(T("删除"), func() {
		if d.used[r.code] {
			name := r.name.Text
			if name == "" {
				name = r.code
			}
			d.message.Importance = widget.DangerImportance
			d.message.SetText(Tf("投诉类别“%s”已有投诉使用，不能删除：请勾选它的“停用”（旧的投诉仍按原类别统计，新投诉不再能选它）", name))
			d.body.Refresh() // the message's two lines get their height
			return
		}
		d.rows = slices.DeleteFunc(d.rows, func(x *categoryRow) bool { return x == r })
		d.box.Remove(row)
	})
	r.remove = remove
	row = container.NewBorder(nil, nil, nil, container.NewHBox(r.off, remove), r.name)
	d.box.Add(row)
	return r
}

// list is the categories as edited, in order.
func (d *categoryDialog) list() []forms.ComplaintCategory {
	var out []forms.ComplaintCategory
	for _, r := range d.rows {
		out = append(out, forms.ComplaintCategory{Code: r.code, Name: r.name.Text, Off: r.off.Checked})
	}
	return out
}

// onSave checks and saves the list; a refusal stays in the dialog with
// nothing saved.
func (d *categoryDialog) onSave() {
	d.message.Importance = widget.DangerImportance // a refusal; a save is shown as a success
	d.message.SetText("")
	list := d.list()
	if err := forms.ValidateComplaintCategories(slices.Clone(list)); err != nil {
		d.message.SetText(forms.ErrorMessage(err))
		d.body.Refresh()
		return
	}
	a := d.app.actor()
	d.save.Disable()
	d.app.run(func(ctx context.Context) error {
		return d.st.SetComplaintCategories(ctx, a, list)
	}, func(err error) {
		d.save.Enable()
		if err != nil {
			d.message.SetText(forms.ErrorMessage(err))
			d.body.Refresh()
			return
		}
		d.message.Importance = widget.SuccessImportance
		d.message.SetText(Tf("已保存投诉类别：%d个", len(list)))
	})
}
