package forms_test

import (
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

func day(s string) time.Time {
	d, err := forms.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// cal2026 is the 2026 National Day week: 10-01 to 10-07 off, Sunday 09-27
// and Saturday 10-10 worked instead.
func cal2026(t *testing.T) forms.HolidayCalendars {
	t.Helper()
	h := forms.HolidayCalendar{Year: 2026,
		Holidays: []time.Time{day("2026-10-01"), day("2026-10-02"), day("2026-10-03"), day("2026-10-04"),
			day("2026-10-05"), day("2026-10-06"), day("2026-10-07")},
		Workdays: []time.Time{day("2026-09-27"), day("2026-10-10")}}
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	return forms.HolidayCalendars{2026: h}
}

func TestWaitingPeriodEndDay(t *testing.T) {
	cal := cal2026(t)
	for _, tc := range []struct {
		name  string
		w     forms.WaitingPeriod
		start string
		end   string
		err   string
	}{
		{"15 calendar days, the day itself not counted", forms.WaitingPeriod{Days: 15}, "2026-11-23", "2026-12-08", ""},
		{"calendar days across the year end", forms.WaitingPeriod{Days: 15, Count: forms.CountCalendar}, "2026-12-20", "2027-01-04", ""},
		{"working days skip the weekend", forms.WaitingPeriod{Days: 5, Count: forms.CountWorking}, "2026-11-20", "2026-11-27", ""},
		// Declared Wed 09-30: 10-01…07 off, Thu 10-08, Fri 10-09, Sat 10-10 (调休) count.
		{"working days skip the holiday and count the 调休 Saturday", forms.WaitingPeriod{Days: 3, Count: forms.CountWorking}, "2026-09-30", "2026-10-10", ""},
		{"a 调休 Sunday counts", forms.WaitingPeriod{Days: 1, Count: forms.CountWorking}, "2026-09-26", "2026-09-27", ""},
		{"a year without a calendar", forms.WaitingPeriod{Days: 15, Count: forms.CountWorking}, "2026-12-20", "", "还没有录入2027年的节假日和调休安排"},
		{"zero days", forms.WaitingPeriod{Days: 0}, "2026-11-23", "", "挂失期天数须在1到180天之间"},
		{"unknown count", forms.WaitingPeriod{Days: 15, Count: "lunar"}, "2026-11-23", "", "请选择自然日或工作日"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.w.EndDay(day(tc.start).Add(10*time.Hour), cal)
			if tc.err != "" {
				if err == nil || !strings.Contains(forms.ErrorMessage(err), tc.err) {
					t.Fatalf("EndDay = %v, %v; want error %q", got, err, tc.err)
				}
				return
			}
			if err != nil || forms.FormatDate(got) != tc.end {
				t.Fatalf("EndDay = %s, %v; want %s", forms.FormatDate(got), err, tc.end)
			}
		})
	}
}

func TestHolidayCalendarValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    forms.HolidayCalendar
		err  string
	}{
		{"date in another year", forms.HolidayCalendar{Year: 2026, Holidays: []time.Time{day("2027-01-01")}}, "不在2026年内"},
		{"make-up day on a weekday", forms.HolidayCalendar{Year: 2026, Workdays: []time.Time{day("2026-10-08")}}, "调休上班日只能是周六或周日"},
		{"both", forms.HolidayCalendar{Year: 2026, Holidays: []time.Time{day("2026-10-10")}, Workdays: []time.Time{day("2026-10-10")}}, "既是放假日又是调休上班日"},
		{"year", forms.HolidayCalendar{Year: 1999}, "年份须在2000到2100之间"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.h.Validate()
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tc.err) {
				t.Fatalf("Validate = %v, want %q", err, tc.err)
			}
		})
	}
	days, err := forms.ParseDays("2026-10-01，2026-10-02\n2026-10-01", "放假日")
	if err != nil || len(days) != 3 {
		t.Fatalf("ParseDays = %v, %v", days, err)
	}
	if _, err := forms.ParseDays("2026-13-01", "放假日"); err == nil || !strings.Contains(forms.ErrorMessage(err), "“2026-13-01”不是有效日期") {
		t.Fatalf("ParseDays bad = %v", err)
	}
}

func validDeclaration() forms.LossDeclaration {
	return forms.LossDeclaration{Kind: forms.LostReceipt, CustomerName: "林静",
		CustomerIDNo: idNumber("1985-10-10", forms.GenderFemale), DocNumber: "qb01-2026-000123",
		DocDate: evalDay.AddDate(0, -2, 0), Amount: forms.Yuan(600), PaidFor: "户籍卡保障金"}
}

func TestLossDeclarationValidate(t *testing.T) {
	cust := idNumber("1985-10-10", forms.GenderFemale)
	for _, tc := range []struct {
		name string
		edit func(*forms.LossDeclaration)
		err  string
	}{
		{"digital e-invoice cannot be lost", func(l *forms.LossDeclaration) { l.Kind = forms.LostEInvoice }, "税务数字账户"},
		{"no kind", func(l *forms.LossDeclaration) { l.Kind = "" }, "请选择遗失的是收据还是发票"},
		{"no number", func(l *forms.LossDeclaration) { l.DocNumber = " " }, "请填写遗失的收据或发票的号码"},
		{"future date", func(l *forms.LossDeclaration) { l.DocDate = evalDay.AddDate(0, 0, 1) }, "晚于今天"},
		{"no amount", func(l *forms.LossDeclaration) { l.Amount = 0 }, "请填写原收据的金额"},
		{"agent with the customer's ID", func(l *forms.LossDeclaration) {
			l.Agent, l.AgentName, l.AgentIDNo = true, "林海", strings.ToLower(cust)
		}, "代理人的身份证号码与客户本人的相同：代理人须是客户以外的人。客户本人来办理的，请在“办理人”中选择“客户本人”"},
		{"agent with a bad ID", func(l *forms.LossDeclaration) {
			l.Agent, l.AgentName, l.AgentIDNo = true, "林海", "110101198301010000"
		}, "代理人身份证号码"},
		{"agent without a name", func(l *forms.LossDeclaration) {
			l.Agent, l.AgentIDNo = true, idNumber("1983-01-01", forms.GenderMale)
		}, "代理人姓名"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := validDeclaration()
			tc.edit(&l)
			err := l.Validate(evalDay)
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tc.err) {
				t.Fatalf("Validate = %v, want %q", err, tc.err)
			}
		})
	}
	l := validDeclaration()
	l.Agent, l.AgentName, l.AgentIDNo = true, "林海", idNumber("1983-01-01", forms.GenderMale)
	if err := l.Validate(evalDay); err != nil {
		t.Fatalf("valid agent declaration: %v", err)
	}
	if l.DocNumber != "QB01-2026-000123" {
		t.Fatalf("DocNumber = %q", l.DocNumber)
	}
}

func TestLossDeclarationCheckReceipt(t *testing.T) {
	r := &forms.Receipt{ID: "r1", Number: "QB01-2026-000123", PayerName: "林静", Total: forms.Yuan(600),
		IssuedAt: evalDay.AddDate(0, -1, 0), Lines: []forms.ReceiptLine{{Text: "户籍卡保障金", Amount: forms.Yuan(600)}}}
	l := validDeclaration()
	l.Amount = forms.Yuan(500)
	if err := l.CheckReceipt(r); err == nil || !strings.Contains(forms.ErrorMessage(err), "与本系统收据 QB01-2026-000123 的金额 ¥600.00 不一致") {
		t.Fatalf("amount mismatch: %v", err)
	}
	voided := *r
	voided.Voided, voided.VoidReason, voided.VoidedAt = true, "金额开错", evalDay
	l = validDeclaration()
	if err := l.CheckReceipt(&voided); err == nil || !strings.Contains(forms.ErrorMessage(err), "已于2026-03-15作废（金额开错）") {
		t.Fatalf("voided: %v", err)
	}
	l = validDeclaration()
	l.CustomerName = "王芳"
	if err := l.CheckReceipt(r); err == nil || !strings.Contains(forms.ErrorMessage(err), "交款人“林静”") {
		t.Fatalf("other payer: %v", err)
	}
	l = validDeclaration()
	l.PaidFor = ""
	if err := l.CheckReceipt(r); err != nil || l.ReceiptID != "r1" || l.PaidFor != "户籍卡保障金" {
		t.Fatalf("CheckReceipt = %v, %+v", err, l)
	}
}

func TestLossDeclarationCanResolve(t *testing.T) {
	s := service(t, "loss_declaration")
	if s.Waiting == nil || s.Waiting.Days != 15 || len(s.Outcomes) != 3 {
		t.Fatalf("shipped loss service: waiting %+v, outcomes %d", s.Waiting, len(s.Outcomes))
	}
	refund, kept, invoice := s.Outcome("refund"), s.Outcome("receipt_kept"), s.Outcome("invoice_kept")
	l := validDeclaration()
	l.Number, l.State, l.EndDay = "YS-2026-0001", forms.LossPending, day("2026-03-30")
	for _, tc := range []struct {
		name     string
		o        *forms.Outcome
		on       string
		inPerson bool
		agent    bool
		err      string
	}{
		{"on the last day of the period", refund, "2026-03-30", true, false, "挂失期至2026-03-30止，期满前不能办结：请于2026-03-31起"},
		{"refund by an agent", refund, "2026-03-31", false, true, "代理人不能办理退款：请客户本人于2026-03-31起来办理"},
		{"invoice outcome for a receipt", invoice, "2026-04-01", true, false, "不适用于遗失的收据"},
		{"refund in person after the period", refund, "2026-03-31", true, false, ""},
		{"receipt kept by an agent", kept, "2026-03-31", false, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := l
			l.Agent = tc.agent
			err := l.CanResolve(tc.o, day(tc.on), tc.inPerson)
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(forms.ErrorMessage(err), tc.err) {
				t.Fatalf("CanResolve = %v, want %q", err, tc.err)
			}
		})
	}
	l.State, l.OutcomeLabel, l.ResolvedAt = forms.LossResolved, refund.Label, day("2026-04-01")
	if err := l.CanResolve(kept, day("2026-04-02"), true); forms.ErrorCode(err) != forms.ECONFLICT {
		t.Fatalf("resolved twice: %v", err)
	}
}

func TestServiceValidateWaiting(t *testing.T) {
	base := *service(t, "loss_declaration").Clone()
	for _, tc := range []struct {
		name string
		edit func(*forms.Service)
		err  string
	}{
		{"outcomes without a period", func(s *forms.Service) { s.Waiting = nil }, "有办结结果但没有挂失期"},
		{"period of 0 days", func(s *forms.Service) { s.Waiting = &forms.WaitingPeriod{Days: 0} }, "挂失期天数须在1到180天之间"},
		{"period without outcomes", func(s *forms.Service) { s.Outcomes = nil }, "没有办结结果"},
		{"duplicate outcome", func(s *forms.Service) { s.Outcomes[1].ID = s.Outcomes[0].ID }, "编号“refund”重复"},
		{"outcome for a 数电票", func(s *forms.Service) { s.Outcomes[0].Kinds = []forms.LostKind{forms.LostEInvoice} }, "只能是收据或发票"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := base.Clone()
			tc.edit(s)
			err := s.Validate()
			if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), tc.err) {
				t.Fatalf("Validate = %v, want %q", err, tc.err)
			}
		})
	}
}

func TestLossDeclarationPrintouts(t *testing.T) {
	s := service(t, "loss_declaration")
	l := validDeclaration()
	l.DocNumber = "QB01-2026-000123"
	l.Number, l.Period, l.DeclaredAt, l.EndDay = "YS-2026-0001", forms.WaitingPeriod{Days: 10, Count: forms.CountWorking}, evalDay, day("2026-03-27")
	l.Agent, l.AgentName, l.AgentIDNo = true, "林海", idNumber("1983-01-01", forms.GenderMale)
	rec := &forms.Receipt{Number: "QB01-2026-000123", Total: l.Amount}
	ps := l.Printouts(s, forms.Station{BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心"}, "李窗口", rec, nil, evalDay)
	if len(ps) != 2 || ps[0].Document.ID != "declaration_agent" || ps[1].Kind != forms.PrintBookkeepingCopy {
		t.Fatalf("printouts = %+v", ps)
	}
	body := ps[0].Fill(ps[0].Document.Body)
	for _, want := range []string{"林海", "10个工作日", "2026年3月27日", "人民币陆佰元整", "QB01-2026-000123"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if len(ps[0].Document.Boxes) != 2 || len(ps[0].Document.Copies) != 2 {
		t.Errorf("boxes %v copies %v", ps[0].Document.Boxes, ps[0].Document.Copies)
	}
	ps = l.Printouts(s, forms.Station{}, "李窗口", nil, s.Outcome("invoice_kept"), evalDay)
	if len(ps) != 1 || len(ps[0].Document.Copies) != 1 || !strings.Contains(strings.Join(ps[0].Document.Boxes, ","), "财务专用章") {
		t.Fatalf("invoice kept printouts = %+v", ps)
	}
	if ps := l.Printouts(s, forms.Station{}, "李窗口", rec, s.Outcome("refund"), evalDay); len(ps) != 0 {
		t.Fatalf("refund prints %d documents, want none", len(ps))
	}
}
