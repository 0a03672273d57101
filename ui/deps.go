package ui

import (
	"context"

	"counterdesk/forms"
)

// Store is what the screens need from the station's database: the union
// of the small interfaces each screen declares beside itself (setupStore,
// loginStore, customerStore, caseStore, depositStore, …), so a screen's
// file says which few methods it uses. The concrete *store.DB satisfies
// it; every method is one transaction.
type Store interface {
	Station(ctx context.Context) (*forms.Station, error)
	setupStore
	loginStore
	homeStore
	userStore
	customerStore
	caseStore
	depositStore
	importStore
	settingsStore
	printStore
	unprintedStore
	renewalStore
	lossStore
	reminderStore
	holidayStore
	catalogueStore
	serviceEditorStore
	monthReportStore
	dayEndStore
	exportStore
	hqKeyStore
	auditStore             // 审计日志 (audit.go)
	complaintStore         // 投诉登记 (complaints.go, complaintdetail.go)
	complaintCategoryStore // 投诉类别 (complaintcategories.go)
	ratingStore            // 客户评价 (rating.go)
	followUpStore          // 回访 (followups.go, followupcall.go)
	serviceReportStore     // 服务月报 (servicereport.go)
}

// Printer renders printouts to one PDF in the station's printed-documents
// folder and hands it to the viewer or printer without blocking.
type Printer interface {
	// FindUnprintable returns every character of text that no bundled
	// font has (it prints as the placeholder box), in order, with field
	// (the field's Chinese name, e.g. "姓名") and its 1-based position;
	// the screens show them large before a number is issued.
	FindUnprintable(field, text string) []forms.Unprintable
	// Print writes all the printouts, in order and with their copies,
	// into ONE PDF and prints it straight to the printer as one job (when
	// the station prints directly and the PC has a route) or opens it in
	// one viewer window; it returns the file's path. A Secret printout
	// (the recovery code) is written outside the printed-documents folder
	// and deleted once handed over. Errors carry a Chinese message for
	// the clerk. Call it off the UI goroutine: it reads the station's
	// print settings.
	Print(ps ...*forms.Printout) (string, error)
	// Route says how this PC prints directly (or that it found no way and
	// opens the viewer), for settings. It may read the registry or PATH:
	// call it off the UI goroutine.
	Route() string
}

// Restorer restores a backup from the settings screen. Restore closes the
// station's database first (it cannot be swapped while open), so after it
// the program must end; it returns what the supervisor should read.
// code is the branch's recovery code an encrypted copy (.db.age) is opened
// with; "" for a plain backup.
type Restorer interface {
	CheckBackup(path, code string) (forms.BackupCheck, error)
	Restore(path, code string, year int, lastSeq int64) (string, error)
}
