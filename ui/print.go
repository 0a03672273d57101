package ui

import (
	"context"
	"log"
	"slices"

	"counterdesk/forms"
)

// printStore is what printing needs from the station's database.
type printStore interface {
	Setting(ctx context.Context, key string) (string, error)
	// PrintedBefore says which of a case's documents (forms.Printout.Key)
	// were printed before: their next print is 补打.
	PrintedBefore(ctx context.Context, caseID string, keys []string) (map[string]bool, error)
	// RecordPrints records the prints of one action in one transaction.
	RecordPrints(ctx context.Context, a forms.Actor, recs []forms.PrintRecord) error
}

// print prints the printouts of one action (e.g. the receipt and every
// document of an accepted case) as one PDF, in order: one viewer window or
// one print job. It first warns the clerk about characters of the texts
// no bundled font has (they print as a placeholder box to be written in by
// hand), with the large warning of beforeIssue — for the papers of one
// case only of the characters not yet warned of for that case in this
// session (beforeCaseIssue). Then,
// off the UI goroutine, it asks the store which of the documents were
// printed before and marks those 补打 (a document's first print is the
// original, whatever the caller thinks), renders and prints the PDF, and
// records every print of a case's document in one transaction; printouts
// of no case (the deposit list, the recovery code) are not recorded, except
// the station's own documents (forms.Printout.StationDocument: the day-end
// report), recorded under no case so their reprint is 补打 too. done
// runs on the UI goroutine with the PDF's path after it was printed.
//
// The printouts are copied on the UI goroutine before the work starts, so
// the background never reads what a screen may change meanwhile.
//
// texts are the texts of people on the papers, each with its field and,
// on a list, its row (printText), so the warning says where the box will
// be: 收据 QB01-2026-000012 缴款人“张𰻞”第2个字, not “张𰻞”第2个字 somewhere
// in a report of many pages.
func (u *App) print(ps []*forms.Printout, texts []printText, done func(path string)) {
	if len(ps) == 0 {
		return
	}
	run := func() {
		jobs := make([]*forms.Printout, len(ps))
		for i, p := range ps {
			jobs[i] = p.Clone()
		}
		a := u.actor()
		receipt := slices.ContainsFunc(jobs, func(p *forms.Printout) bool { return p.Kind == forms.PrintReceipt })
		var path string
		var recordErr error
		u.run(func(ctx context.Context) error {
			var err error
			path, recordErr, err = u.printJobs(ctx, a, jobs)
			return err
		}, func(err error) {
			// A receipt printed or not changes the warning above the
			// tabs of receipts never printed, wherever it was printed
			// from (the warning's 打印, a 补打 in the customer's record):
			// ask again at once, not only at the next log-in.
			if receipt && u.home != nil && u.home.unprinted != nil {
				u.home.unprinted.check()
			}
			if err != nil {
				u.showError(err)
				return
			}
			if u.home != nil {
				u.home.setStatus(Tf("已生成：%s", path))
			}
			if done != nil {
				done(path)
			}
			if recordErr != nil {
				u.showError(recordErr)
			}
		})
	}
	u.beforeCaseIssue(printCase(ps), texts, T("继续打印"), run)
}

// printCase is the case every printout of ps belongs to, or "" when they
// belong to none or to several: a case's prints (its 一次性告知单, its
// reprints) share the case's memory of the warning (App.rareWarned), so
// the clerk is not warned again of a character already warned of for it.
func printCase(ps []*forms.Printout) string {
	id := ps[0].CaseID()
	for _, p := range ps[1:] {
		if p.CaseID() != id {
			return ""
		}
	}
	return id
}

// printWarned prints like print, without the warning of characters the
// bundled fonts lack: the clerk saw it (beforeIssue) before the number on
// these papers was issued, for the same texts.
func (u *App) printWarned(ps []*forms.Printout, done func(path string)) {
	u.print(ps, nil, done)
}

// printJobs is print's background half: it reads the receipt layout and
// the print records, marks reprints, prints, and records. It runs off the
// UI goroutine and touches no widget. A print that fails is not recorded
// (the document did not reach the clerk, so its next print is still the
// original) and is returned as err; a record that fails after the PDF was
// printed is returned as recordErr, so the clerk learns of it without the
// print being reported as failed.
func (u *App) printJobs(ctx context.Context, a forms.Actor, jobs []*forms.Printout) (path string, recordErr, err error) {
	var st printStore = u.store
	var layout string
	keys := map[string][]string{} // case ID → document keys, in order
	for _, p := range jobs {
		if p.Kind == forms.PrintReceipt && layout == "" {
			if layout, err = st.Setting(ctx, forms.SettingReceiptLayout); err != nil {
				return "", nil, err
			}
		}
		if p.Kind == forms.PrintReceipt {
			p.Layout = layout
		}
		// A case's documents, and the station's that belong to no case
		// (the day-end report, under case ID ""), are recorded.
		if _, ok := p.Record(); ok {
			keys[p.CaseID()] = append(keys[p.CaseID()], p.Key())
		}
	}
	printed := map[string]map[string]bool{}
	for id, ks := range keys {
		if printed[id], err = st.PrintedBefore(ctx, id, ks); err != nil {
			return "", nil, err
		}
	}
	var recs []forms.PrintRecord
	for _, p := range jobs {
		if _, ok := p.Record(); ok {
			p.Reprint = printed[p.CaseID()][p.Key()]
		} else {
			p.Reprint = false
		}
		if r, ok := p.Record(); ok {
			recs = append(recs, r)
		}
	}
	if path, err = u.printer.Print(jobs...); err != nil {
		return path, nil, err
	}
	if err := st.RecordPrints(ctx, a, recs); err != nil {
		log.Printf("record prints of %s: %v", path, err)
		return path, forms.Errorf(forms.EINTERNAL, "文书已打印（%s），但打印记录未能保存：%s。下次打印这些文书时可能不会标“补打”，请告知主管", path, forms.ErrorMessage(err)), nil
	}
	return path, nil, nil
}

// printout starts a Printout with the station, the clerk and the time.
func (u *App) printout(kind forms.PrintKind) *forms.Printout {
	p := &forms.Printout{Kind: kind, At: u.now(), Layout: forms.LayoutOnePage}
	if u.station != nil {
		p.Station = *u.station
	}
	if u.user != nil {
		p.Clerk = u.user.Name
	}
	return p
}
