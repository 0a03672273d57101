package ui

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// caseScreen walks the clerk through one case: the questions
// (casequestions.go), the checklist of papers with the talking points beside
// it (casechecklist.go), the 一次性告知单, accepting with payment and
// completing (caseaccept.go), and the documents and receipts, printable
// again at any time (casedocuments.go).
// caseStore is what the case screen needs from the station's database;
// every method is one transaction.
type caseStore interface {
	Case(ctx context.Context, id string) (*forms.Case, error)
	ServiceVersion(ctx context.Context, code string, version int) (*forms.Service, error)
	Customer(ctx context.Context, id string) (*forms.Customer, error)
	ReceiptsOfCase(ctx context.Context, caseID string) ([]forms.Receipt, error)
	DepositOfCase(ctx context.Context, caseID string) (*forms.Deposit, error)
	SaveCase(ctx context.Context, a forms.Actor, caseID string, answers map[string]string, items map[string]forms.ItemState) (*forms.Case, error)
	AcceptCase(ctx context.Context, a forms.Actor, caseID string, pay forms.Payment, returnDue time.Time) (*forms.Case, *forms.Receipt, *forms.Deposit, error)
	CancelCase(ctx context.Context, a forms.Actor, caseID, reason string) error
	CompleteCase(ctx context.Context, a forms.Actor, caseID string) (*forms.Case, error)
	ReceivePromisedPaper(ctx context.Context, a forms.Actor, caseID, itemID string, originals, copies int) (*forms.Case, error)
	MovePromise(ctx context.Context, a forms.Actor, caseID, itemID string, newDate time.Time, reason string) (*forms.Case, error)
	VoidReceipt(ctx context.Context, a forms.Actor, receiptID, reason string) error
}

type caseScreen struct {
	app    *App
	st     caseStore
	parent *customerScreen
	id     string
	root   *fyne.Container

	kase     *forms.Case
	service  *forms.Service
	customer *forms.Customer
	receipts []forms.Receipt
	deposit  *forms.Deposit

	// memberWarning says a settlement is opened for someone already a
	// member (forms.Service.MemberWarning); nil when it does not apply.
	memberWarning *wrappedText

	answers map[string]string
	items   map[string]forms.ItemState
	eval    forms.Evaluation
	// edited is set when the clerk changed an answer or the checklist
	// since the case was loaded or saved.
	edited bool

	questionsBox *fyne.Container
	checklistBox *fyne.Container
	talkingBox   *fyne.Container
	summary      *wrappedText
	actions      *fyne.Container
	message      *wrappedText
	// actionNote says why the buttons of the row that are disabled are so;
	// one line, so the row above never moves.
	actionNote *widget.Label

	// questionForm holds one input per applicable question; shownQuestions
	// are their IDs in order. Inputs live in questionInputs by question ID
	// for the life of the screen, so a re-evaluation never replaces the
	// entry the clerk is typing in.
	questionForm   *widget.Form
	shownQuestions []string

	// Named for tests.
	saveBtn, noticeBtn, acceptBtn, cancelBtn, completeBtn, documentsBtn, receiptsBtn *widget.Button
	itemChecks                                                                       map[string]*widget.Check
	questionInputs                                                                   map[string]fyne.CanvasObject
	pay                                                                              *paymentForm
	deferForm                                                                        *deferForm
	// paperButtons are the 已补交 and 改约定日期 buttons of each paper
	// promised on an accepted case, paperStates each paper's state line
	// (casepapers.go); receiveForm and moveForm the dialogs on show.
	paperButtons map[string][2]*widget.Button
	paperStates  map[string]*widget.Label
	receiveForm  *receivePaperForm
	// title is the header: service, version and customer.
	title       *widget.RichText
	moveForm    *movePromiseForm
	documents   *documentList
	receiptList *receiptList
	// ratingBtn is 客户评价… on a completed case, rating its dialog on
	// show (rating.go).
	ratingBtn *widget.Button
	rating    *ratingForm
}

func newCaseScreen(u *App, parent *customerScreen, id string) *caseScreen {
	c := &caseScreen{app: u, st: u.store, parent: parent, id: id}
	c.questionsBox = container.NewVBox()
	c.checklistBox = container.NewVBox()
	c.talkingBox = container.NewVBox()
	c.summary = newWrappedText("")
	c.message = newWrappedText("")
	c.message.Importance = widget.DangerImportance
	// Action buttons wrap onto a second row rather than widen the window.
	c.actions = container.New(layout.NewRowWrapLayout())
	c.actionNote = widget.NewLabel("")
	c.actionNote.Truncation = fyne.TextTruncateEllipsis
	c.actionNote.Importance = widget.WarningImportance
	c.root = container.NewStack(widget.NewLabel(T("正在打开受理单……")))
	return c
}

// load fetches the case with its service version, customer, receipts and
// deposit, then builds the screen afresh: everything shown comes from the
// store as it is now, and no message of an earlier action stays.
func (c *caseScreen) load() {
	c.message.SetText("")
	id := c.id
	var k *forms.Case
	var sv *forms.Service
	var cust *forms.Customer
	var receipts []forms.Receipt
	var dep *forms.Deposit
	c.app.async(func(ctx context.Context) error {
		var err error
		if k, err = c.st.Case(ctx, id); err != nil {
			return err
		}
		if sv, err = c.st.ServiceVersion(ctx, k.ServiceCode, k.ServiceVersion); err != nil {
			return err
		}
		if cust, err = c.st.Customer(ctx, k.CustomerID); err != nil {
			return err
		}
		if receipts, err = c.st.ReceiptsOfCase(ctx, k.ID); err != nil {
			return err
		}
		dep, err = c.st.DepositOfCase(ctx, k.ID)
		if forms.ErrorCode(err) == forms.ENOTFOUND {
			dep, err = nil, nil
		}
		return err
	}, func() {
		c.message.SetText("")
		// Coming back to a case (its tab selected again) keeps what the
		// clerk answered and ticked but has not saved yet, unless the case
		// changed meanwhile: then the store's version is shown and the
		// clerk is told.
		keep := c.edited && c.kase != nil && sameStoredCase(c.kase, k)
		if c.edited && !keep {
			defer c.message.SetText(T("受理单已在别处更改，已重新载入；未保存的回答和勾选未保留，请核对"))
		}
		c.kase, c.service, c.customer, c.receipts, c.deposit = k, sv, cust, receipts, dep
		if !keep {
			c.answers = maps.Clone(k.Answers)
			if c.answers == nil {
				c.answers = map[string]string{}
			}
			c.items = maps.Clone(k.Items)
			if c.items == nil {
				c.items = map[string]forms.ItemState{}
			}
			c.edited = false
		}
		c.build()
	})
}

// sameStoredCase reports whether b is the stored case a was loaded as:
// same case, status, time of change, answers and checklist.
func sameStoredCase(a, b *forms.Case) bool {
	return a.ID == b.ID && a.Status == b.Status && a.UpdatedAt.Equal(b.UpdatedAt) &&
		maps.Equal(a.Answers, b.Answers) &&
		maps.EqualFunc(a.Items, b.Items, func(x, y forms.ItemState) bool {
			return x.Status == y.Status && x.Originals == y.Originals && x.Copies == y.Copies && x.PromisedBy.Equal(y.PromisedBy) && x.Note == y.Note
		})
}

// editable reports whether the checklist may change: while the case is
// open, so papers promised (容缺) can be ticked off when they come.
func (c *caseScreen) editable() bool { return c.kase.Status.Open() }

// answerable reports whether the answers may change: only before accept,
// since the documents printed at accept carry them.
func (c *caseScreen) answerable() bool { return c.kase.Status == forms.CaseDraft }

// build lays the screen out for the case's status. Every part that can
// grow (long names, cancel reasons, talking points, papers) wraps or
// scrolls, so the screen fits 1280×720 in every state.
func (c *caseScreen) build() {
	k := c.kase
	// The version the case was opened under: a supervisor's later edit of
	// the service does not change an open case.
	title := heading(Tf("%s · 第%d版", c.service.Name, k.ServiceVersion) + " · " + c.customer.Name)
	title.Wrapping = fyne.TextWrapWord
	c.title = title
	meta := newWrappedText(Tf("受理单 %s · 状态：%s", k.Number, T(k.Status.Label())))
	if k.Status == forms.CaseCancelled {
		meta.SetText(meta.Text + Tf(" · 取消原因：%s", k.CancelReason))
	}
	back := widget.NewButton(T("返回客户"), c.parent.reload)
	header := container.NewVBox(container.NewBorder(nil, nil, nil, back, title), meta)
	c.memberWarning = nil
	if w := c.service.MemberWarning(c.customer); w != "" && k.Status == forms.CaseDraft {
		// A settlement opened for someone already a member (catalogue:
		// for_non_members): probably the wrong service.
		c.memberWarning = newWrappedText(w)
		c.memberWarning.Importance = widget.WarningImportance
		header.Add(c.memberWarning)
	}

	c.questionForm = nil
	c.shownQuestions = nil
	c.questionInputs = map[string]fyne.CanvasObject{}
	left := container.NewVBox(heading(T("询问客户")), c.questionsBox, widget.NewSeparator(), heading(T("材料清单")), c.checklistBox)
	right := container.NewVBox(heading(T("向客户说明")), c.talkingBox, widget.NewSeparator(), c.summary)
	split := container.NewHSplit(container.NewVScroll(left), container.NewVScroll(right))
	split.Offset = 0.62
	bottom := container.NewVBox(c.message, c.actions, c.actionNote)
	c.root.Objects = []fyne.CanvasObject{container.NewBorder(header, bottom, nil, nil, split)}
	c.evaluate()
	c.root.Refresh()
}

// evaluate re-applies the service's conditions on the case's evaluation
// day (forms.Case.EvaluationDay: the day it was accepted, or today for a
// draft) and refreshes the questions that appeared or went, the checklist,
// talking points, summary and actions. It never replaces an input that
// stays on show.
func (c *caseScreen) evaluate() {
	c.eval = c.service.Evaluate(c.customer, c.answers, c.kase.EvaluationDay(c.app.now()), c.items)
	c.syncQuestions()
	c.buildChecklist()
	c.talkingBox.Objects = nil
	for _, t := range c.eval.TalkingPoints {
		c.talkingBox.Add(bulleted(t))
	}
	c.talkingBox.Refresh()
	c.summary.SetText(c.summaryText())
	c.buildActions()
}

// bulleted is one talking point with a hanging bullet. Fyne wraps words
// at spaces, so "• " before a long Chinese sentence (one word to it) left
// the bullet alone on the first line; and it broke Chinese anywhere, so a
// line could start with "，": the point wraps by the rule of Chinese line
// breaking (wrappedText).
func bulleted(text string) fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewLabel("•")), nil, newWrappedText(text))
}

func (c *caseScreen) summaryText() string {
	var b strings.Builder
	b.WriteString(T("应打印文书："))
	var docs []string
	for _, d := range c.eval.Documents {
		docs = append(docs, fmt.Sprintf("%s（%d份）", d.Title, len(d.Copies)))
	}
	b.WriteString(strings.Join(docs, "、"))
	var total forms.Money
	for _, f := range c.eval.Fees {
		b.WriteString(fmt.Sprintf("\n%s：%s", f.Name, f.Amount))
		total += f.Amount
	}
	if total > 0 {
		b.WriteString(Tf("\n合计应收：%s（%s）", total, total.Capitals()))
	}
	if d := c.deposit; d != nil {
		b.WriteString(Tf("\n保障金：%s，收据 %s，状态：%s", d.Amount, d.ReceiptNumber, T(d.State.Label())))
		if d.State == forms.DepositHeld && !d.ReturnDue.IsZero() {
			b.WriteString(Tf("，应于 %s 前归还户籍卡", forms.FormatDate(d.ReturnDue)))
		}
	}
	if len(c.eval.Missing) > 0 && c.kase.Status == forms.CaseDraft {
		b.WriteString(Tf("\n还缺 %d 项材料，可打印一次性告知单交给客户。", len(c.eval.Missing)))
	}
	return b.String()
}

// buildActions shows what can be done in the case's status. The documents
// and receipts are one button each, whatever their number: a row of one
// button per document once made the window 1558 px wide. Within a status
// the row holds the same buttons in the same places: one that does not
// apply now is disabled, and actionNote says why, so ticking the last
// missing paper does not move 办结 under the clerk's cursor (it jumped
// left when 打印一次性告知单 went).
func (c *caseScreen) buildActions() {
	c.actions.Objects = nil
	k := c.kase
	c.saveBtn = widget.NewButton(T("保存"), c.onSave)
	c.noticeBtn = widget.NewButton(T("打印一次性告知单"), c.onNotice)
	accept := T("受理并收款")
	if c.total() == 0 {
		accept = T("受理并打印")
	}
	c.acceptBtn = widget.NewButton(accept, c.onAccept)
	c.acceptBtn.Importance = widget.HighImportance
	c.cancelBtn = widget.NewButton(T("取消受理单"), c.onCancel)
	c.cancelBtn.Importance = widget.DangerImportance
	c.completeBtn = widget.NewButton(T("办结"), c.onComplete)
	c.documentsBtn = widget.NewButton(T("文书…"), c.onDocuments)
	c.receiptsBtn = widget.NewButton(T("收据…"), c.onReceipts)
	var reasons []string
	disable := func(b *widget.Button, why string) {
		b.Disable()
		reasons = append(reasons, why)
	}
	switch k.Status {
	case forms.CaseDraft:
		switch {
		case len(c.eval.Unanswered) > 0:
			disable(c.acceptBtn, Tf("%s：还有问题未回答", c.acceptBtn.Text))
		case len(c.eval.Missing) > 0:
			disable(c.acceptBtn, Tf("%s：还缺 %d 项材料（收齐或容缺后可受理）", c.acceptBtn.Text, len(c.eval.Missing)))
		}
		c.actions.Add(c.saveBtn)
		c.actions.Add(c.noticeBtn)
		c.actions.Add(c.acceptBtn)
		c.actions.Add(c.cancelBtn)
	case forms.CaseAccepted, forms.CaseWaiting:
		c.actions.Add(c.saveBtn)
		if len(c.eval.Missing)+len(c.eval.Deferred) == 0 {
			disable(c.noticeBtn, T("一次性告知单：材料已收齐，无需打印"))
		}
		c.actions.Add(c.noticeBtn)
		// A case holding a deposit completes at its refund or forfeit, and
		// cannot be cancelled while the deposit is held.
		if c.deposit != nil && c.deposit.State == forms.DepositHeld {
			c.completeBtn.Disable()
			c.cancelBtn.Disable()
			reasons = append(reasons, T("办结、取消：保障金未退还，在退还或没收保障金时办结"))
		} else if n := len(c.eval.Deferred); n > 0 {
			// The last promised paper completes the case (已补交); 办结
			// before it would only be refused.
			disable(c.completeBtn, Tf("办结：还有 %d 项容缺材料未补交，补齐后自动办结", n))
		}
		c.actions.Add(c.completeBtn)
		c.actions.Add(c.cancelBtn)
	}
	c.addRatingButton()
	if len(c.documentItems()) == 0 {
		disable(c.documentsBtn, T("文书：本受理单没有文书"))
	}
	c.actions.Add(c.documentsBtn)
	if len(c.receipts) == 0 {
		disable(c.receiptsBtn, T("收据：本受理单没有收据"))
	}
	c.actions.Add(c.receiptsBtn)
	c.actionNote.SetText(strings.Join(reasons, "；"))
	c.actions.Refresh()
}

// total is what accepting the case takes, fees and deposit, in fen.
func (c *caseScreen) total() forms.Money {
	var total forms.Money
	for _, f := range c.eval.Fees {
		total += f.Amount
	}
	return total
}

// onSave saves the answers and the checklist. The store gets copies made
// here on the UI goroutine: the clerk may go on ticking while it saves.
func (c *caseScreen) onSave() {
	c.message.SetText("")
	a, id := c.app.actor(), c.kase.ID
	answers, items := maps.Clone(c.answers), maps.Clone(c.items)
	var k *forms.Case
	c.app.async(func(ctx context.Context) error {
		var err error
		k, err = c.st.SaveCase(ctx, a, id, answers, items)
		return err
	}, func() {
		c.kase = k
		c.edited = false
		c.app.home.setStatus(Tf("受理单 %s 已保存", k.Number))
		c.build()
	})
}
