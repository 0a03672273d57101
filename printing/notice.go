package printing

import (
	"fmt"
	"strconv"
	"strings"

	"counterdesk/forms"
)

// renderNotice draws the 一次性告知单: everything the customer still has
// to bring for the service, in one list, so they never come back to learn
// of another paper. The clerk's talking points are not printed.
func renderNotice(d *doc) {
	p, e := d.p, d.p.Evaluation
	d.setHeader(d.pageHeader(func() {
		if p.Reprint {
			d.size(10)
			w := d.width("补打 "+forms.FormatDate(d.at)) + 4
			d.reprintMark(pageW-marginR-w, 7.2)
		}
	}))
	d.pdf.AddPage()

	name := "________"
	if p.Customer != nil && p.Customer.Name != "" {
		name = p.Customer.Name
	}
	service := ""
	switch {
	case p.Service != nil:
		service = p.Service.Name
	case p.Case != nil:
		service = p.Case.ServiceName
	}

	y := 32.0
	d.size(20)
	d.boldCenter(pageW/2, y, "一次性告知单")
	y += 13

	d.size(11)
	d.text(marginL, y, fit(d.pdf, "客户姓名："+name, contentW*0.6))
	d.right(pageW-marginR, y, "日期："+dateCN(d.at))
	y += 7
	d.text(marginL, y, fit(d.pdf, "办理业务："+service, contentW*0.55))
	if p.Case != nil && p.Case.Number != "" {
		d.right(pageW-marginR, y, "受理单号："+p.Case.Number)
	}
	y += 4
	d.hline(marginL, pageW-marginR, y)
	y += 9

	d.size(12)
	lead := 2 * d.width("　")
	if len(e.Missing) == 0 && len(e.Deferred) == 0 && len(e.Unanswered) == 0 {
		y = d.para(marginL, y, contentW, "您办理"+service+"业务所需的材料已经齐全。", lead)
	} else if len(e.Missing) > 0 {
		y = d.para(marginL, y, contentW, "您办理"+service+"业务，尚需提供以下材料，请一次备齐：", lead)
		y += 2
		for i, it := range e.Missing {
			qty := it.Shortfall(it.State)
			if qty == "" {
				qty = it.Quantity()
			}
			y = listItem(d, y, i+1, it.Name+"　"+qty, itemNote(it))
		}
	}

	if len(e.Deferred) > 0 {
		y += 4
		d.size(12)
		y = d.room(y, 8)
		lead := "以下材料已容缺受理，请于承诺日期前补交："
		if waiting(p) {
			// A waiting case: what is still owed, with the dates promised.
			// It completes when they are in only if nothing else holds it
			// (forms.Case.AfterPapers): a held deposit completes at the
			// refund, a loss declaration at its resolution.
			lead = "您的受理单已于" + dateCN(p.Case.AcceptedAt) + "受理（待补材料），以下材料尚未补交，请于约定日期前送到本窗口，" + p.Holds.NoticeText() + "："
		}
		y = d.para(marginL, y, contentW, lead, 0)
		y += 2
		for i, it := range e.Deferred {
			text := it.Name + "　" + it.Quantity() + "　承诺于" + dateCN(it.State.PromisedBy) + "前补交"
			if it.State.Overdue(d.at) {
				text += fmt.Sprintf("（已逾期%d天，请尽快补交）", forms.DaysBetween(it.State.PromisedBy, d.at))
			}
			y = listItem(d, y, i+1, text, joinNotes(promiseNote(it.State), itemNote(it)))
		}
	}
	if waiting(p) {
		var arrived []string
		for _, it := range e.Items {
			if it.Done() && !it.State.ReceivedOn.IsZero() {
				arrived = append(arrived, it.Name+"（"+dateCN(it.State.ReceivedOn)+"补交）")
			}
		}
		if len(arrived) > 0 {
			y += 2
			d.size(10.5)
			d.color(grey)
			y = d.room(y, 6)
			y = d.para(marginL, y, contentW, "已补交："+strings.Join(arrived, "、"), 0)
			d.color(black)
		}
	}

	if len(e.Unanswered) > 0 {
		y += 4
		d.size(12)
		y = d.room(y, 8)
		y = d.para(marginL, y, contentW, "尚需确认（可能影响所需材料，请办理前告知窗口）：", 0)
		y += 2
		for i, q := range e.Unanswered {
			y = listItem(d, y, i+1, q.Label, q.Hint)
		}
	}

	// The footer block: who handled it and whom to call.
	y += 8
	y = d.room(y, 40)
	d.hline(marginL, pageW-marginR, y)
	y += 8
	d.size(11)
	d.text(marginL, y, fit(d.pdf, "经办网点："+p.Station.BranchName, contentW))
	y += 8
	d.text(marginL, y, "经办人："+p.Clerk)
	// A station set up before the phone was asked prints no label rather
	// than a blank the clerk cannot fill.
	if p.Station.Phone != "" {
		d.text(marginL+contentW/2, y, "咨询电话："+p.Station.Phone)
	}
	y += 9
	d.size(9.5)
	d.color(grey)
	d.para(marginL, y, contentW, "请携带本告知单及以上全部材料前来办理。本告知单所列材料以办理当日的规定为准。", 0)
	d.color(black)
}

// listItem draws a numbered list entry with a hanging indent, and its note
// in smaller grey type under it; it returns the next baseline.
func listItem(d *doc, y float64, n int, text, note string) float64 {
	d.size(12)
	num := strconv.Itoa(n) + "."
	const hang = 9.0
	y = d.room(y, d.lineH())
	d.text(marginL+2, y, num)
	y = d.para(marginL+hang, y, contentW-hang, text, 0)
	if note != "" {
		d.size(10)
		d.color(grey)
		y = d.para(marginL+hang, y-1, contentW-hang, "说明："+note, 0)
		d.color(black)
		d.size(12)
	}
	return y + 1.5
}

// itemNote joins the catalogue's note on a paper and the clerk's note on
// this customer's copy of it.
func itemNote(it forms.ChecklistItem) string {
	switch {
	case it.Note == "":
		return it.State.Note
	case it.State.Note == "":
		return it.Note
	}
	return it.Note + "；" + it.State.Note
}

// waiting reports whether the notice is for a case accepted with papers
// still owed (容缺): it then lists what is owed with the dates promised.
func waiting(p *forms.Printout) bool {
	return p.Case != nil && p.Case.Status == forms.CaseWaiting
}

// promiseNote tells that a promised date was moved (once), from which date
// and why; "" when it was not.
func promiseNote(st forms.ItemState) string {
	if !st.Moved() {
		return ""
	}
	return "原约定" + dateCN(st.PromisedFirst) + "，已于" + dateCN(st.MovedOn) + "改期（" + st.MoveReason + "），不再改期"
}

// joinNotes joins the non-empty notes with "；".
func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "；")
}
