package ui

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"counterdesk/forms"
)

// ratingStore is what recording the customer's rating of a finished case
// needs from the station's database; every method is one transaction.
type ratingStore interface {
	// RateCase records the rating of a completed case once; 不满意 or
	// worse makes a follow-up call due (returned, else nil).
	RateCase(ctx context.Context, a forms.Actor, r forms.Rating) (*forms.Rating, *forms.FollowUp, error)
	// RatingOfCase returns the case's rating, or nil when it has none.
	RatingOfCase(ctx context.Context, caseID string) (*forms.Rating, error)
}

// ratingForm is the 客户评价 dialog at the end of a case: the five levels
// and 客户婉拒评价, with an optional comment. It is not forced: 以后再评
// closes it, and the case screen offers 客户评价… on the completed case
// (opened from the customer's history) until a rating is recorded, once.
type ratingForm struct {
	app     *App
	st      ratingStore
	caseID  string
	level   *widget.RadioGroup
	comment *widget.Entry
	message *wrappedText
	save    *widget.Button
	skip    *widget.Button
	dialog  dialog.Dialog
	done    func(r *forms.Rating) // after a rating is recorded
	said    string                // what the last save told the clerk, for tests
}

// ratingRowMax is the widest the levels may be side by side in the
// rating dialog (the Chinese ones need 780 px); wider, they are listed one
// under the other.
const ratingRowMax = 900

// showRating opens the rating dialog for the completed case k; done runs
// after a rating is recorded.
func (u *App) showRating(k *forms.Case, done func(r *forms.Rating)) *ratingForm {
	f := &ratingForm{app: u, st: u.store, caseID: k.ID, done: done}
	var opts []string
	for _, l := range forms.RatingLevels {
		if l == forms.RatingDeclined {
			opts = append(opts, T("客户婉拒评价"))
			continue
		}
		opts = append(opts, T(l.Label()))
	}
	f.level = widget.NewRadioGroup(opts, nil)
	f.level.Horizontal = true
	if f.level.MinSize().Width > ratingRowMax {
		// The English levels side by side need 1,293 px: one under
		// the other they fit the dialog.
		f.level.Horizontal = false
	}
	f.level.Required = true
	f.comment = widget.NewMultiLineEntry()
	f.comment.Wrapping = fyne.TextWrapWord
	f.comment.SetMinRowsVisible(3)
	f.comment.SetPlaceHolder(T("客户的意见，可不填"))
	f.message = newWrappedText("")
	f.message.Importance = widget.DangerImportance
	f.save = widget.NewButton(T("记录评价"), f.onSave)
	f.save.Importance = widget.HighImportance
	f.skip = widget.NewButton(T("以后再评"), func() { f.dialog.Hide() })
	note := newWrappedText(Tf("请客户评价本次办理（受理单 %s · %s）。客户不愿评价的选“客户婉拒评价”；现在不便的，可以以后在受理单中记录，每笔业务只评价一次。", k.Number, k.ServiceName))
	form := widget.NewForm(widget.NewFormItem(T("客户评价"), f.level), widget.NewFormItem(T("评价意见"), f.comment))
	f.dialog = dialog.NewCustomWithoutButtons(T("客户评价"), container.NewVBox(note, form, f.message, container.NewHBox(f.save, f.skip)), u.win)
	f.dialog.Resize(fyne.NewSize(760, 360))
	f.dialog.Show()
	return f
}

// levelChosen is the level chosen, or "" for none.
func (f *ratingForm) levelChosen() forms.RatingLevel {
	if i := radioIndex(f.level); i >= 0 && i < len(forms.RatingLevels) {
		return forms.RatingLevels[i]
	}
	return ""
}

// onSave records the rating; a refusal stays in the dialog. A poor
// rating says a follow-up call is now due.
func (f *ratingForm) onSave() {
	f.message.SetText("")
	r := forms.Rating{CaseID: f.caseID, Level: f.levelChosen(), Comment: f.comment.Text}
	if err := r.Validate(); err != nil {
		f.message.SetText(forms.ErrorMessage(err))
		return
	}
	a := f.app.actor()
	var made *forms.Rating
	var fu *forms.FollowUp
	f.app.runInDialog(f.save, f.message, f.dialog, func(ctx context.Context) error {
		var err error
		made, fu, err = f.st.RateCase(ctx, a, r)
		return err
	}, func() {
		f.said = Tf("已记录客户评价：%s", T(made.Level.Label()))
		if fu != nil {
			f.said += Tf("。须在72小时内回访客户（%s 前），主管将安排回访人", fu.DueAt.Local().Format("2006-01-02 15:04"))
			f.app.info(T("客户评价"), f.said)
		}
		if f.app.home != nil {
			f.app.home.setStatus(f.said)
		}
		if f.done != nil {
			f.done(made)
		}
	})
}

// addRatingButton puts 客户评价… on a completed case's action row: it
// records the rating until one is, then says what it was (disabled).
func (c *caseScreen) addRatingButton() {
	if c.kase.Status != forms.CaseCompleted {
		return
	}
	k := c.kase
	c.ratingBtn = widget.NewButton(T("客户评价…"), func() { c.askRating(k) })
	c.ratingBtn.Disable()
	c.actions.Add(c.ratingBtn)
	btn, id := c.ratingBtn, k.ID
	var r *forms.Rating
	c.app.async(func(ctx context.Context) error {
		var err error
		r, err = c.app.store.RatingOfCase(ctx, id)
		return err
	}, func() {
		if r != nil {
			btn.SetText(Tf("客户评价：%s", T(r.Level.Label())))
			return
		}
		btn.Enable()
	})
}

// askRating offers the rating right after the case was completed.
func (c *caseScreen) askRating(k *forms.Case) {
	if k == nil || k.Status != forms.CaseCompleted {
		return
	}
	c.rating = c.app.showRating(k, func(*forms.Rating) { c.load() })
}

// radioIndex is the position of the choice selected in r, or -1.
func radioIndex(r *widget.RadioGroup) int { return slices.Index(r.Options, r.Selected) }
