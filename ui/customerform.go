package ui

import (
	"context"
	"log"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

var maritalValues = []string{forms.MaritalSingle, forms.MaritalMarried, forms.MaritalDivorced, forms.MaritalWidowed}

// customerForm creates or edits a customer. Every field is checked by
// forms.Customer.Validate; a refused save changes nothing. Dates are typed
// or picked in a date entry and never filled in by themselves.
type customerForm struct {
	screen *customerScreen
	orig   *forms.Customer // nil when creating

	name, idNumber, mobile, address, employer, origin *widget.Entry
	marital                                           *widget.Select
	member                                            *widget.Check
	memberSince, talentPaid, archivePaid              *dateEntry
	message                                           *widget.Label
	save, back                                        *widget.Button
	// existing is the choice shown when a new customer's ID number is
	// already on file; nil otherwise.
	existing *existingChoice
}

// existingChoice shows what the clerk typed beside the record on file with
// the same ID number, and lets them open the record or keep editing.
type existingChoice struct {
	found      *forms.Customer
	typed      *widget.Form
	onFile     *widget.Form
	open, keep *widget.Button
	dialog     dialog.Dialog
}

// showForm shows the customer form: for c, or a new customer (with the ID
// number a card reader typed, if any).
func (s *customerScreen) showForm(c *forms.Customer, idNumber string) {
	f := &customerForm{screen: s, orig: c}
	f.name = widget.NewEntry()
	f.name.SetPlaceHolder(T("生僻字可输入编码，如 U+20BB7"))
	acceptCodePoints(f.name)
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
	// 入户日期 is asked, never assumed: today would be a false join date.
	f.memberSince = newDateEntry(time.Time{}, nil)
	f.memberSince.Disable()
	// The form greys a label by its input's state only when refreshed, so
	// 入户日期 stayed grey (looking unusable) after ticking 集体户成员.
	var form *widget.Form
	f.member = widget.NewCheck(T("集体户成员"), func(on bool) {
		if on {
			f.memberSince.Enable()
		} else {
			f.memberSince.Disable()
		}
		if form != nil {
			form.Refresh()
		}
	})
	f.talentPaid = newDateEntry(time.Time{}, nil)
	f.talentPaid.SetPlaceHolder(T("未缴可不填"))
	f.archivePaid = newDateEntry(time.Time{}, nil)
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
		f.memberSince.SetDate(c.MemberSince)
		f.member.SetChecked(c.Member)
		f.talentPaid.SetDate(c.TalentPaidThrough)
		f.archivePaid.SetDate(c.ArchivePaidThrough)
	} else {
		f.idNumber.SetText(idNumber)
	}
	s.edit = f
	title := T("新建客户")
	if c != nil {
		title = T("修改客户资料")
	}
	form = widget.NewForm(
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
	f.back = widget.NewButton(T("返回"), func() {
		if c != nil {
			s.backToRecord()
		} else {
			s.setDetail(widget.NewLabel(T("请在左侧查找客户，或新建客户。")))
		}
	})
	// 保存 and 返回 stay under the scrolling fields, on screen in a window
	// that fits 1280×720 (they were below the fold).
	buttons := container.NewVBox(f.message, container.NewHBox(f.save, f.back))
	s.setDetail(container.NewBorder(nil, buttons, nil, nil, container.NewVScroll(container.NewVBox(heading(title), form))))
	s.showing = showingForm
	s.app.win.Canvas().Focus(f.name)
}

// onIDEntered checks a new customer's ID number as soon as it is complete:
// when it is already on file (one customer per ID number) the clerk sees
// what they typed beside the record and chooses.
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
	st := f.screen.st
	app.async(func(ctx context.Context) error {
		c, err := st.CustomerByIDNumber(ctx, id.Number)
		if forms.ErrorCode(err) == forms.ENOTFOUND {
			return nil
		}
		found = c
		return err
	}, func() {
		if found != nil && f.screen.edit == f {
			f.showExisting(found)
		}
	})
}

// showExisting shows what the clerk typed beside the record on file with
// the same ID number: open the record, or keep editing (nothing typed is
// lost either way until the clerk leaves the form).
func (f *customerForm) showExisting(found *forms.Customer) {
	if f.existing != nil && f.existing.found.ID == found.ID {
		f.existing.dialog.Show()
		return
	}
	app := f.screen.app
	typed := f.typedSummary()
	x := &existingChoice{found: found}
	or := func(v string) string {
		if strings.TrimSpace(v) == "" {
			return T("（未填）")
		}
		return v
	}
	x.typed = widget.NewForm(
		widget.NewFormItem(T("姓名"), widget.NewLabel(or(typed.Name))),
		widget.NewFormItem(T("身份证号码"), widget.NewLabel(or(typed.IDNumber))),
		widget.NewFormItem(T("手机号码"), widget.NewLabel(or(typed.Mobile))),
	)
	x.onFile = widget.NewForm(
		widget.NewFormItem(T("姓名"), widget.NewLabel(found.Name)),
		widget.NewFormItem(T("身份证号码"), widget.NewLabel(found.IDNumber)),
		widget.NewFormItem(T("手机号码"), widget.NewLabel(or(found.MaskedMobile()))),
		widget.NewFormItem(T("集体户"), widget.NewLabel(memberText(found))),
	)
	note := newMessageBody(Tf("身份证号码 %s 已有客户档案，一个身份证号码只能有一份档案。请核对：是同一人就打开已有档案（资料有变可在档案中修改）；号码输错了就继续编辑。", forms.MaskID(found.IDNumber)))
	x.open = widget.NewButton(Tf("打开已有档案（%s）", found.Name), func() {
		x.dialog.Hide()
		f.existing = nil
		app.home.setStatus(Tf("已打开身份证号码 %s 的客户档案（%s）", forms.MaskID(found.IDNumber), found.Name))
		f.screen.open(found.ID)
	})
	x.open.Importance = widget.HighImportance
	x.keep = widget.NewButton(T("继续编辑"), func() {
		x.dialog.Hide()
		app.win.Canvas().Focus(f.idNumber)
	})
	cols := container.NewGridWithColumns(2,
		container.NewVBox(heading(T("您输入的")), x.typed),
		container.NewVBox(heading(T("档案中的")), x.onFile))
	x.dialog = dialog.NewCustomWithoutButtons(T("该身份证号码已有客户档案"), container.NewVBox(note, cols, container.NewHBox(x.open, x.keep)), app.win)
	x.dialog.Resize(fyne.NewSize(760, 380))
	f.existing = x
	f.message.SetText(Tf("身份证号码 %s 已有客户档案（%s）", forms.MaskID(found.IDNumber), found.Name))
	x.dialog.Show()
}

// typedSummary is what the clerk typed in the form, for the comparison
// with a record on file; nothing is checked here.
func (f *customerForm) typedSummary() forms.Customer {
	return forms.Customer{Name: f.name.Text, IDNumber: f.idNumber.Text, Mobile: f.mobile.Text}
}

// customer reads the form into a Customer, with the first date error.
func (f *customerForm) customer() (*forms.Customer, error) {
	c := &forms.Customer{}
	if f.orig != nil {
		cp := *f.orig
		c = &cp
	}
	// A code point still waiting at the cursor (U+2C31 of U+2C317) is
	// taken as typed; a pasted one too.
	c.Name, c.IDNumber, c.Mobile = forms.DecodeCodePoints(f.name.Text), f.idNumber.Text, f.mobile.Text
	c.Address, c.Employer, c.Origin = f.address.Text, f.employer.Text, f.origin.Text
	c.Marital = ""
	if i := f.marital.SelectedIndex(); i >= 0 {
		c.Marital = maritalValues[i]
	}
	c.Member = f.member.Checked
	dates := []struct {
		entry *dateEntry
		label string
		dst   *time.Time
	}{
		{f.memberSince, "入户日期", &c.MemberSince},
		{f.talentPaid, "人才储备费缴至日期", &c.TalentPaidThrough},
		{f.archivePaid, "档案保管费缴至日期", &c.ArchivePaidThrough},
	}
	for _, d := range dates {
		if d.entry == f.memberSince && !c.Member {
			if !c.FormerMember() {
				*d.dst = time.Time{} // a former member keeps the day they joined (转户 ended it)
			}
			continue
		}
		v, err := d.entry.Date()
		if err != nil {
			return nil, forms.Errorf(forms.EINVALID, "%s：%s", T(d.label), forms.ErrorMessage(err))
		}
		*d.dst = v
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
	st := f.screen.st
	a := app.actor()
	creating := f.orig == nil
	var existing *forms.Customer
	f.save.Disable()
	app.run(func(ctx context.Context) error {
		if creating {
			err := st.CreateCustomer(ctx, a, c)
			if forms.ErrorCode(err) == forms.ECONFLICT && c.IDNumber != "" {
				if e, err2 := st.CustomerByIDNumber(ctx, c.IDNumber); err2 == nil {
					existing = e
					return nil
				}
			}
			return err
		}
		return st.UpdateCustomer(ctx, a, c)
	}, func(err error) {
		f.save.Enable()
		if err != nil {
			// A refusal stays on the form, beside what was typed.
			if forms.ErrorCode(err) == forms.EINTERNAL {
				log.Printf("save customer: %v", err)
			}
			f.message.SetText(forms.ErrorMessage(err))
			return
		}
		if existing != nil {
			f.showExisting(existing)
			return
		}
		app.home.setStatus(Tf("已保存客户 %s", c.Name))
		f.screen.show(c.ID, true) // an edited record: read again, not opened again
		// Saved all the same; the clerk learns now which characters every
		// paper of this customer will need written in by hand, in every
		// field a paper prints (customerTexts).
		app.noteRare(app.unprintable(customerTexts(c)))
	})
}
