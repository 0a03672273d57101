package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

var maritalValues = []string{forms.MaritalSingle, forms.MaritalMarried, forms.MaritalDivorced, forms.MaritalWidowed}

// customerForm creates or edits a customer. Every field is checked by
// forms.Customer.Validate; a refused save changes nothing.
type customerForm struct {
	screen *customerScreen
	orig   *forms.Customer // nil when creating

	name, idNumber, mobile, address, employer, origin *widget.Entry
	marital                                           *widget.Select
	member                                            *widget.Check
	memberSince, talentPaid, archivePaid              *widget.Entry
	message                                           *widget.Label
	save                                              *widget.Button
}

// showForm shows the customer form: for c, or a new customer (with the ID
// number a card reader typed, if any).
func (s *customerScreen) showForm(c *forms.Customer, idNumber string) {
	f := &customerForm{screen: s, orig: c}
	f.name = widget.NewEntry()
	f.idNumber = widget.NewEntry()
	f.idNumber.SetPlaceHolder(T("18位身份证号码，可直接刷卡"))
	f.mobile = widget.NewEntry()
	f.address = widget.NewEntry()
	f.employer = widget.NewEntry()
	f.origin = widget.NewEntry()
	f.origin.SetPlaceHolder(T("如：人才市场、本市其他集体户"))
	var labels []string
	for _, m := range maritalValues {
		labels = append(labels, T(forms.MaritalLabel(m)))
	}
	f.marital = widget.NewSelect(labels, nil)
	f.marital.PlaceHolder = T("请选择")
	f.memberSince = widget.NewEntry()
	f.memberSince.SetPlaceHolder("2026-01-31")
	f.member = widget.NewCheck(T("集体户成员"), func(on bool) {
		if on && f.memberSince.Text == "" {
			f.memberSince.SetText(forms.FormatDate(s.app.now()))
		}
	})
	f.talentPaid = widget.NewEntry()
	f.talentPaid.SetPlaceHolder(T("未缴可不填"))
	f.archivePaid = widget.NewEntry()
	f.archivePaid.SetPlaceHolder(T("未缴可不填"))
	f.message = widget.NewLabel("")
	f.message.Wrapping = fyne.TextWrapBreak
	f.message.Importance = widget.DangerImportance
	f.save = widget.NewButton(T("保存"), f.onSave)
	f.save.Importance = widget.HighImportance
	f.idNumber.OnSubmitted = func(string) { f.onIDEntered() }
	f.idNumber.OnChanged = func(v string) {
		if len([]rune(strings.TrimSpace(v))) >= 18 {
			f.onIDEntered()
		}
	}
	if c != nil {
		f.name.SetText(c.Name)
		f.idNumber.SetText(c.IDNumber)
		f.mobile.SetText(c.Mobile)
		f.address.SetText(c.Address)
		f.employer.SetText(c.Employer)
		f.origin.SetText(c.Origin)
		for i, m := range maritalValues {
			if m == c.Marital {
				f.marital.SetSelectedIndex(i)
			}
		}
		f.memberSince.SetText(forms.FormatDate(c.MemberSince))
		f.member.SetChecked(c.Member)
		f.talentPaid.SetText(forms.FormatDate(c.TalentPaidThrough))
		f.archivePaid.SetText(forms.FormatDate(c.ArchivePaidThrough))
	} else {
		f.idNumber.SetText(idNumber)
	}
	s.edit = f
	title := T("新建客户")
	if c != nil {
		title = T("修改客户资料")
	}
	form := widget.NewForm(
		widget.NewFormItem(T("姓名"), f.name),
		widget.NewFormItem(T("身份证号码"), f.idNumber),
		widget.NewFormItem(T("手机号码"), f.mobile),
		widget.NewFormItem(T("地址"), f.address),
		widget.NewFormItem(T("婚姻状况"), f.marital),
		widget.NewFormItem(T("工作单位"), f.employer),
		widget.NewFormItem(T("户籍来源"), f.origin),
		widget.NewFormItem("", f.member),
		widget.NewFormItem(T("入户日期"), f.memberSince),
		widget.NewFormItem(T("人才储备费缴至"), f.talentPaid),
		widget.NewFormItem(T("档案保管费缴至"), f.archivePaid),
	)
	cancel := widget.NewButton(T("返回"), func() {
		if c != nil {
			s.showRecord()
		} else {
			s.setDetail(widget.NewLabel(T("请在左侧查找客户，或新建客户。")))
		}
	})
	s.setDetail(container.NewVScroll(container.NewVBox(heading(title), form, f.message, container.NewHBox(f.save, cancel))))
	s.app.win.Canvas().Focus(f.name)
}

// onIDEntered opens the existing customer when a new customer's ID number
// is already on file: one customer per ID number.
func (f *customerForm) onIDEntered() {
	if f.orig != nil {
		return
	}
	id, err := forms.ParseID(f.idNumber.Text)
	if err != nil {
		f.message.SetText(forms.ErrorMessage(err))
		return
	}
	f.message.SetText("")
	var found *forms.Customer
	app := f.screen.app
	app.async(func(ctx context.Context) error {
		c, err := app.store.CustomerByIDNumber(ctx, id.Number)
		if forms.ErrorCode(err) == forms.ENOTFOUND {
			return nil
		}
		found = c
		return err
	}, func() {
		if found != nil && f.screen.edit == f {
			app.home.setStatus(Tf("身份证号码 %s 已有客户档案（%s），已为您打开", forms.MaskID(found.IDNumber), found.Name))
			f.screen.open(found.ID)
		}
	})
}

// customer reads the form into a Customer, with the first date error.
func (f *customerForm) customer() (*forms.Customer, error) {
	c := &forms.Customer{}
	if f.orig != nil {
		cp := *f.orig
		c = &cp
	}
	c.Name, c.IDNumber, c.Mobile = f.name.Text, f.idNumber.Text, f.mobile.Text
	c.Address, c.Employer, c.Origin = f.address.Text, f.employer.Text, f.origin.Text
	c.Marital = ""
	if i := f.marital.SelectedIndex(); i >= 0 {
		c.Marital = maritalValues[i]
	}
	c.Member = f.member.Checked
	dates := []struct {
		entry *widget.Entry
		label string
		dst   *forms.Customer
		set   func(*forms.Customer, string) error
	}{
		{f.memberSince, "入户日期", c, func(c *forms.Customer, s string) (err error) { c.MemberSince, err = forms.ParseDate(s); return }},
		{f.talentPaid, "人才储备费缴至日期", c, func(c *forms.Customer, s string) (err error) { c.TalentPaidThrough, err = forms.ParseDate(s); return }},
		{f.archivePaid, "档案保管费缴至日期", c, func(c *forms.Customer, s string) (err error) { c.ArchivePaidThrough, err = forms.ParseDate(s); return }},
	}
	for _, d := range dates {
		v := strings.TrimSpace(d.entry.Text)
		if v == "" {
			continue
		}
		if d.entry == f.memberSince && !c.Member {
			continue
		}
		if err := d.set(d.dst, v); err != nil {
			return nil, forms.Errorf(forms.EINVALID, "%s：%s", T(d.label), forms.ErrorMessage(err))
		}
	}
	return c, nil
}

func (f *customerForm) onSave() {
	f.message.SetText("")
	c, err := f.customer()
	if err == nil {
		err = c.Validate()
	}
	if err != nil {
		f.message.SetText(forms.ErrorMessage(err))
		return
	}
	app := f.screen.app
	creating := f.orig == nil
	var existing *forms.Customer
	f.save.Disable()
	app.async(func(ctx context.Context) error {
		defer app.do(f.save.Enable)
		if creating {
			err := app.store.CreateCustomer(ctx, app.actor(), c)
			if forms.ErrorCode(err) == forms.ECONFLICT && c.IDNumber != "" {
				if e, err2 := app.store.CustomerByIDNumber(ctx, c.IDNumber); err2 == nil {
					existing = e
					return nil
				}
			}
			return err
		}
		return app.store.UpdateCustomer(ctx, app.actor(), c)
	}, func() {
		if existing != nil {
			app.home.setStatus(Tf("身份证号码已有客户档案（%s），已为您打开", existing.Name))
			f.screen.open(existing.ID)
			return
		}
		app.home.setStatus(Tf("已保存客户 %s", c.Name))
		f.screen.open(c.ID)
	})
}
