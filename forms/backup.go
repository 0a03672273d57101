package forms

import (
	"strings"
	"time"
)

// BackupInfo describes one backup just made: the copy in the data folder's
// backups folder and, when the supervisor chose one and it was there, the
// copy in that folder.
type BackupInfo struct {
	Path        string    // the copy in <data folder>/backups
	ExtraPath   string    // the copy in the supervisor's folder, encrypted (<name>.db.age); "" when none was made
	At          time.Time // when the backup was taken
	Size        int64     // bytes
	SHA256      string    // hex checksum of the copy in the data folder
	ExtraSize   int64     // bytes of the encrypted copy
	ExtraSHA256 string    // hex checksum of the encrypted copy as written
	Reason      string    // why: "daily", "manual" (BackupReasonLabel)
	Warnings    []string  // what went wrong without stopping the backup (folder missing, …)
}

// BackupReasonLabel names why a backup was made (BackupInfo.Reason) for
// the supervisor: "daily" 每日自动, "manual" 手动; another reason is
// returned as it is.
func BackupReasonLabel(reason string) string {
	switch reason {
	case "daily":
		return "每日自动"
	case "manual":
		return "手动"
	}
	return reason
}

// BackupNoteText is a backup's audit note as a supervisor reads it: the
// entries written before the reason was labelled said 备份（daily）, which
// reads 备份（每日自动）. The note as stored stays in the audit chain.
func BackupNoteText(note string) string {
	for _, r := range []string{"daily", "manual"} {
		if rest, ok := strings.CutPrefix(note, "备份（"+r+"）"); ok {
			return "备份（" + BackupReasonLabel(r) + "）" + rest
		}
	}
	return note
}

// BackupStatus is what the home and settings screens say about backups.
type BackupStatus struct {
	LastGood      time.Time // the newest backup that passed its check; zero when none
	LastPath      string
	Folder        string // the supervisor's folder; "" when none is set
	FolderPresent bool
	Warnings      []string // folder missing, last backup older than a day, …
}

// BackupCheck is what checking a backup file found: it is a sound Counter
// Desk database of this station, with its schema version and receipt
// counters.
type BackupCheck struct {
	Path          string
	Size          int64
	SHA256        string
	StationID     string
	StationCode   string
	SchemaVersion int
	TakenAt       time.Time     // the newest record in it (approximately when it was taken); zero if unknown
	LastSeq       map[int]int64 // the last receipt sequence per year in the backup
	Encrypted     bool          // the file is an encrypted copy (.db.age), checked after decrypting it with the recovery code; Size and SHA256 are of the file as stored
}
