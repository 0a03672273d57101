package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// servicePreview is 预览 in the service editor: before saving, the edited
// service is evaluated for a sample customer (forms.SampleCustomer, a
// married woman of 28) with sample answers (forms.SampleAnswers), and the
// dialog shows the checklist, the documents, the fees and the talking
// points that customer gets; each document can be rendered as one PDF
// filled for the sample customer. The PDFs go through App.print like every
// print, marked Preview: every page says 样张, they open in the viewer even
// on a station that prints directly, nothing is recorded against any
// case, and they are written outside the printed-documents folder and
// deleted once the viewer has them.
type servicePreview struct {
	ed       *serviceEditor
	svc      *forms.Service
	customer *forms.Customer
	answers  map[string]string
	day      time.Time
	eval     forms.Evaluation
	docs     []*widget.Button // 预览PDF, one per document
	all      *widget.Button
	dialog   dialog.Dialog
}

// onPreview checks the edit as saving would (a refusal stays in the
// editor's message, nothing is shown) and shows the preview.
func (e *serviceEditor) onPreview() {
	e.message.SetText("")
	s, err := e.build()
	if err != nil {
		e.message.SetText(forms.ErrorMessage(err))
		return
	}
	e.previewShown = e.showPreview(s)
}

func (e *serviceEditor) showPreview(s *forms.Service) *servicePreview {
	u := e.app
	day := forms.Day(u.now())
	p := &servicePreview{ed: e, svc: s, day: day, customer: forms.SampleCustomer(day)}
	p.answers = forms.SampleAnswers(s, day)
	p.eval = s.Evaluate(p.customer, p.answers, day, nil)

	box := container.NewVBox()
	add := func(title string, lines []string) {
		box.Add(heading(title))
		if len(lines) == 0 {
			box.Add(widget.NewLabel(T("（无）")))
		}
		for _, l := range lines {
			box.Add(newWrappedText(l)) // 禁则: a talking point's line never starts with "，"
		}
	}
	c := p.customer
	who := newWrappedText(Tf("样例客户：%s，%s，%d周岁，%s，身份证号码 %s（仅供预览，不保存）",
		c.Name, c.Gender.String(), c.AgeOn(day), forms.MaritalLabel(c.Marital), c.IDNumber))
	box.Add(who)
	add(Tf("与第%d版相比的修改", e.orig.Version), forms.DiffServices(e.orig, s))
	var answers []string
	for _, q := range p.eval.Questions {
		answers = append(answers, fmt.Sprintf("%s  %s", q.Label, answerLabel(q, p.answers[q.ID])))
	}
	add(T("样例回答"), answers)
	var items []string
	for i, it := range p.eval.Items {
		l := fmt.Sprintf("%d. %s  %s", i+1, it.Name, it.Quantity())
		if it.Note != "" {
			l += "（" + it.Note + "）"
		}
		items = append(items, l)
	}
	add(Tf("材料清单（%d项）", len(p.eval.Items)), items)

	box.Add(heading(Tf("文书（%d种）", len(p.eval.Documents))))
	if len(p.eval.Documents) == 0 {
		box.Add(widget.NewLabel(T("（无）")))
	}
	for _, d := range p.eval.Documents {
		d := d
		var keep []string
		for _, cp := range d.Copies {
			keep = append(keep, cp.Label)
		}
		l := newWrappedText(Tf("%s  共%d联：%s", d.Title, len(d.Copies), strings.Join(keep, "、")))
		b := widget.NewButton(T("预览PDF"), func() { p.print([]forms.Document{d}) })
		p.docs = append(p.docs, b)
		box.Add(container.NewBorder(nil, nil, nil, b, l))
	}
	var fees []string
	for _, f := range p.eval.Fees {
		switch {
		case f.Schedule != "":
			fees = append(fees, Tf("%s：按收费标准计算", f.Name))
		case f.Kind == forms.KindDeposit:
			fees = append(fees, Tf("%s：%s（保障金，可退）", f.Name, f.Amount.String()))
		default:
			fees = append(fees, Tf("%s：%s", f.Name, f.Amount.String()))
		}
	}
	add(T("费用与保障金"), fees)
	add(T("告知要点"), p.eval.TalkingPoints)

	p.all = widget.NewButton(T("全部文书预览（一个PDF）"), func() { p.print(p.eval.Documents) })
	p.all.Importance = widget.HighImportance
	if len(p.eval.Documents) == 0 {
		p.all.Disable()
	}
	closeBtn := widget.NewButton(T("关闭"), func() { p.dialog.Hide() })
	note := newWrappedText(T("预览按尚未保存的修改生成；PDF 只用于核对，不计入任何受理单的打印记录。"))
	p.dialog = dialog.NewCustomWithoutButtons(Tf("预览：%s", s.Name),
		container.NewBorder(nil, container.NewVBox(note, container.NewHBox(p.all, closeBtn)), nil, nil, container.NewVScroll(box)), u.win)
	p.dialog.Resize(fyne.NewSize(960, 600))
	p.dialog.Show()
	return p
}

// answerLabel is an answer as the clerk chose it: the option's label.
func answerLabel(q forms.Question, a string) string {
	for _, o := range q.Options {
		if o.Value == a {
			return o.Label
		}
	}
	if q.Type == forms.QBool {
		return map[string]string{"yes": "是", "no": "否"}[a]
	}
	return a
}

// printouts fills the documents for the sample customer: a sample case
// accepted today (number 样张, the card due back after the service's
// return days) and, for a service with a deposit, a sample deposit, so
// every placeholder shows a value. They are Previews: no case, no record.
func (p *servicePreview) printouts(docs []forms.Document) ([]*forms.Printout, []printText) {
	u := p.ed.app
	k := &forms.Case{Number: "样张", ServiceCode: p.svc.Code, ServiceName: p.svc.Name,
		Answers: p.answers, AcceptedAt: u.now(), Status: forms.CaseAccepted}
	var dep *forms.Deposit
	if f, ok := p.eval.Deposit(); ok {
		days := p.svc.ReturnDays
		if days == 0 {
			days = 30
		}
		k.ReturnDue = p.day.AddDate(0, 0, days)
		dep = &forms.Deposit{ReceiptNumber: "样张", Amount: f.Amount, TakenAt: u.now(), ReturnDue: k.ReturnDue}
	}
	var out []*forms.Printout
	texts := []printText{{field: T("姓名"), text: p.customer.Name}}
	for _, d := range docs {
		d := d
		x := u.printout(forms.PrintDocument)
		x.Preview = true
		x.Customer, x.Case, x.Service, x.Document, x.Deposit = p.customer, k, p.svc, &d, dep
		out = append(out, x)
		texts = append(texts, printText{row: d.Title, field: T("正文"), text: x.Fill(d.Body)}, printText{field: T("文书标题"), text: d.Title})
	}
	return out, texts
}

// print renders the documents as one PDF through the App's printer path.
func (p *servicePreview) print(docs []forms.Document) {
	if len(docs) == 0 {
		return
	}
	ps, texts := p.printouts(docs)
	p.ed.app.print(ps, texts, nil)
}
