package ui

import (
	"context"
	"io"
	"time"

	"counterdesk/forms"
)

// Store is what the screens need from the station's database. The
// concrete *store.DB satisfies it; every method is one transaction.
type Store interface {
	// Station returns the station's set-up; ENOTFOUND before set-up.
	Station(ctx context.Context) (*forms.Station, error)
	// Setup records the station and its first supervisor, copies the
	// catalogue in, and returns the one-time recovery code.
	Setup(ctx context.Context, st forms.Station, supervisor, password string, cat *forms.Catalogue) (string, error)
	// SetupReplacement sets up a PC that takes over a station whose PC
	// broke: numbering continues after the last paper stub.
	SetupReplacement(ctx context.Context, st forms.Station, supervisor, password string, cat *forms.Catalogue, r forms.Replacement) (string, error)
	DataDir() string

	Login(ctx context.Context, name, password string) (*forms.User, error)
	ChangePassword(ctx context.Context, userID, oldPassword, newPassword string) error
	Users(ctx context.Context) ([]forms.User, error)
	AddUser(ctx context.Context, a forms.Actor, name string, role forms.Role, password string) (*forms.User, error)
	ResetPassword(ctx context.Context, a forms.Actor, userID, tempPassword string) error
	SetUserDisabled(ctx context.Context, a forms.Actor, userID string, disabled bool) error
	RecoverSupervisor(ctx context.Context, code, name, newPassword string) error

	SearchCustomers(ctx context.Context, query string, limit int) ([]forms.Customer, error)
	Customer(ctx context.Context, id string) (*forms.Customer, error)
	ViewCustomer(ctx context.Context, a forms.Actor, id string) (*forms.Customer, error)
	CustomerByIDNumber(ctx context.Context, number string) (*forms.Customer, error)
	CreateCustomer(ctx context.Context, a forms.Actor, c *forms.Customer) error
	UpdateCustomer(ctx context.Context, a forms.Actor, c *forms.Customer) error

	Services(ctx context.Context) ([]forms.Service, error)
	ServiceVersion(ctx context.Context, code string, version int) (*forms.Service, error)

	OpenCase(ctx context.Context, a forms.Actor, customerID, serviceCode string) (c *forms.Case, existing bool, err error)
	Case(ctx context.Context, id string) (*forms.Case, error)
	CasesOfCustomer(ctx context.Context, customerID string) ([]forms.Case, error)
	SaveCase(ctx context.Context, a forms.Actor, caseID string, answers map[string]string, items map[string]forms.ItemState) (*forms.Case, error)
	AcceptCase(ctx context.Context, a forms.Actor, caseID string, pay forms.Payment, returnDue time.Time) (*forms.Case, *forms.Receipt, *forms.Deposit, error)
	CancelCase(ctx context.Context, a forms.Actor, caseID, reason string) error
	CompleteCase(ctx context.Context, a forms.Actor, caseID string) (*forms.Case, error)
	// PrintedBefore says which of a case's documents (forms.Printout.Key)
	// were printed before: their next print is 补打.
	PrintedBefore(ctx context.Context, caseID string, keys []string) (map[string]bool, error)
	// RecordPrints records the prints of one action in one transaction.
	RecordPrints(ctx context.Context, a forms.Actor, recs []forms.PrintRecord) error
	// UnprintedReceipts lists the receipts issued but never printed (not
	// voided), oldest first, for the warning on the home screen.
	UnprintedReceipts(ctx context.Context) ([]forms.Receipt, error)

	ReceiptsOfCase(ctx context.Context, caseID string) ([]forms.Receipt, error)
	VoidReceipt(ctx context.Context, a forms.Actor, receiptID, reason string) error
	// LookupReceipt finds a receipt by number with its deposit (nil for a
	// fee receipt): a search says what became of a voided or refunded one.
	LookupReceipt(ctx context.Context, number string) (*forms.Receipt, *forms.Deposit, error)

	DepositOfCase(ctx context.Context, caseID string) (*forms.Deposit, error)
	HeldDeposits(ctx context.Context, query string) ([]forms.Deposit, error)
	RefundDeposit(ctx context.Context, a forms.Actor, req forms.RefundRequest) (*forms.Deposit, error)
	EnterLegacyDeposit(ctx context.Context, a forms.Actor, l forms.LegacyDeposit) (*forms.Deposit, error)
	ForfeitDeposit(ctx context.Context, a forms.Actor, depositID, reason string) error
	AddContactAttempt(ctx context.Context, a forms.Actor, depositID, channel, outcome string) error
	ContactAttempts(ctx context.Context, depositID string) ([]forms.ContactAttempt, error)

	// ReadMemberFile reads a member list (.xlsx or .csv; sheet "" is the
	// workbook's active sheet) for import; it touches no database.
	ReadMemberFile(name string, r io.Reader, sheet string) (*forms.MemberSheet, error)
	// PreviewMemberImport says what importing would do with every row,
	// changing nothing; ImportMembers imports (supervisor only), all rows
	// in one transaction, calling progress as it goes.
	PreviewMemberImport(ctx context.Context, req forms.MemberImport) (*forms.MemberImportPreview, error)
	ImportMembers(ctx context.Context, a forms.Actor, req forms.MemberImport, progress func(done, total int)) (*forms.MemberImportResult, error)

	AuditLog(ctx context.Context, entityID string, limit int) ([]forms.AuditEntry, error)
	// ClockStatus compares the PC clock with the newest record; receipts
	// wait for ConfirmClock (a supervisor) while it is behind.
	ClockStatus(ctx context.Context) (forms.ClockStatus, error)
	ConfirmClock(ctx context.Context, a forms.Actor) error
	Setting(ctx context.Context, key string) (string, error)
	SetSettings(ctx context.Context, a forms.Actor, values map[string]string) error

	// Backup writes a checked backup now (supervisor) to the data folder
	// and the supervisor's backup folder; a missing folder is a warning in
	// the result. BackupStatus says when the last good one was made and
	// what needs attention.
	Backup(ctx context.Context, a forms.Actor, reason string) (forms.BackupInfo, error)
	BackupStatus(ctx context.Context) (forms.BackupStatus, error)
}

// Printer renders printouts to one PDF in the station's printed-documents
// folder and hands it to the viewer or printer without blocking.
type Printer interface {
	// Missing returns the characters of the texts the bundled font lacks;
	// the screen warns the clerk before printing.
	Missing(texts ...string) []rune
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
type Restorer interface {
	CheckBackup(path string) (forms.BackupCheck, error)
	Restore(path string, year int, lastSeq int64) (string, error)
}
