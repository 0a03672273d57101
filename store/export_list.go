package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"

	"counterdesk/forms"
)

// Exports lists the exports made, newest first. Path is the copy kept in
// the data folder's exports folder.
func (db *DB) Exports(ctx context.Context) ([]forms.ExportInfo, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return listExports(ctx, tx, db.DataDir(), "ORDER BY e.number DESC")
}

func findExport(ctx context.Context, tx *txn, dataDir string, n int64) (*forms.ExportInfo, error) {
	es, err := listExports(ctx, tx, dataDir, "WHERE e.number = ?", n)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, forms.Errorf(forms.ENOTFOUND, "本机没有第%d号导出，请从导出记录中选择要重新写出的一次", n)
	}
	return &es[0], nil
}

func listExports(ctx context.Context, tx *txn, dataDir, where string, args ...any) ([]forms.ExportInfo, error) {
	return queryAll(ctx, tx, "exports", func(r interface{ Scan(...any) error }) (*forms.ExportInfo, error) {
		var e forms.ExportInfo
		var at, counts string
		if err := r.Scan(&e.Number, &e.FromSeq, &e.ToSeq, &at, &e.User, &e.FileName, &e.SHA256, &e.Size, &e.Rows, &counts); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		e.Path = filepath.Join(dataDir, ExportDirName, e.FileName)
		if err := json.Unmarshal([]byte(counts), &e.Counts); err != nil {
			return nil, fmt.Errorf("export %d counts: %w", e.Number, err)
		}
		return &e, nil
	}, `SELECT e.number, e.from_seq, e.to_seq, e.created_at, coalesce(u.name, ''), e.file_name, e.sha256, e.size,
		e.rows, e.counts FROM exports e LEFT JOIN users u ON u.id = e.user_id `+where, args...)
}

// ExportStatus says what the export screen shows: the changes not yet
// exported, the last export, and the fingerprints of the station's signing
// key and of head office's recipient ("" when none is set).
func (db *DB) ExportStatus(ctx context.Context) (forms.ExportStatus, error) {
	var s forms.ExportStatus
	tx, err := db.beginRead(ctx)
	if err != nil {
		return s, err
	}
	defer tx.Rollback()
	last, err := listExports(ctx, tx, db.DataDir(), "ORDER BY e.number DESC LIMIT 1")
	if err != nil {
		return s, err
	}
	if len(last) > 0 {
		s.Last = last[0]
	}
	lastNumber, from, err := lastExportMark(ctx, tx)
	if err != nil {
		return s, err
	}
	s.First = firstExport(lastNumber, from)
	to, err := maxChangeSeq(ctx, tx)
	if err != nil {
		return s, err
	}
	if s.Pending, err = pendingChanges(ctx, tx, from, to); err != nil {
		return s, err
	}
	if pub, _, err := currentStationKey(ctx, tx); err == nil {
		s.KeyFingerprint = KeyFingerprint(pub)
	}
	if v, err := storedRecipient(ctx, tx); err != nil {
		return s, err
	} else if v != "" {
		s.RecipientFingerprint = RecipientFingerprint(v)
	}
	return s, nil
}
