package forms

// Station settings live in the database (a station is shared by several
// Windows accounts). Each key has its default here.
const (
	SettingReturnDays    = "deposit.return_days"   // days until a lent card is due back
	SettingReceiptLayout = "print.receipt_layout"  // LayoutOnePage or LayoutPerPage
	SettingRetentionDays = "print.retention_days"  // printed PDFs are deleted after this
	SettingPrinter       = "print.printer"         // the printer's name as the OS shows it; "" = the default printer
	SettingPrintDirect   = "print.direct"          // "yes": print straight to the printer where the PC has a route; "no": open the viewer
	SettingLanguage      = "ui.language"           // "zh" or "en", applied at the next start
	SettingBackupFolder  = "backup.folder"         // a second disk or USB drive for backups; "" = the data folder only
	SettingBackupDays    = "backup.retention_days" // backups older than this are deleted, the newest 7 always kept
)

// SettingDefaults are the values a key has until a supervisor sets it.
var SettingDefaults = map[string]string{
	SettingReturnDays:    "30",
	SettingReceiptLayout: LayoutOnePage,
	SettingRetentionDays: "30",
	SettingPrinter:       "",
	SettingPrintDirect:   "no",
	SettingLanguage:      "zh",
	SettingBackupFolder:  "",
	SettingBackupDays:    "30",
}
