package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"counterdesk/forms"
)

// RewriteExport writes export number n again into dir: a byte-identical
// copy of the file kept in the data folder's exports folder (head office
// refuses a different file under a number it has imported). It needs a
// supervisor. Refused: ENOTFOUND for a number never exported; ECONFLICT
// when the kept copy is missing or altered (its SHA-256 differs from the
// one recorded) — then nothing is written to dir, and the rows export n
// carried that did not change since are marked to go out again with the
// next export, as the message says; EINVALID for a missing or unwritable
// dir. The same safe write as Export; audited.
func (db *DB) RewriteExport(ctx context.Context, a forms.Actor, n int64, dir string) (forms.ExportInfo, error) {
	mu := db.exportLock()
	mu.Lock()
	defer mu.Unlock()
	tx, err := db.begin(ctx)
	if err != nil {
		return forms.ExportInfo{}, err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return forms.ExportInfo{}, err
	}
	e, err := findExport(ctx, tx, db.DataDir(), n)
	if forms.ErrorCode(err) == forms.ENOTFOUND {
		// A restored backup does not know the exports made after it,
		// but their kept copies are still in the data folder.
		if k, kerr := keptExport(ctx, tx, db.DataDir(), n); kerr == nil {
			e, err = k, nil
		}
	}
	if err != nil {
		return forms.ExportInfo{}, err
	}
	if dir, err = checkExportDir(dir); err != nil {
		return forms.ExportInfo{}, err
	}
	kept := e.Path
	if size, sum, err := fileSum(kept); err != nil || size != e.Size || sum != e.SHA256 {
		// The file head office may already have cannot be made again:
		// send the rows again, under new change numbers, with the next
		// export.
		moved, rerr := resendExportRange(ctx, tx, e.FromSeq, e.ToSeq)
		if rerr != nil {
			return forms.ExportInfo{}, rerr
		}
		if err := audit(ctx, tx, w, auditRec{action: ActExportResend, entity: "export", entityID: fmt.Sprint(n),
			note: fmt.Sprintf("第%d号导出的保留副本缺失或已被改动，不能重新写出；其中仍未变动的 %d 行随下一次导出重新发送", n, moved)}); err != nil {
			return forms.ExportInfo{}, err
		}
		if err := tx.commit(); err != nil {
			return forms.ExportInfo{}, err
		}
		return forms.ExportInfo{}, forms.Errorf(forms.ECONFLICT, "本机保留的第%d号导出文件（%s）已缺失或被改动，不能重新写出，U盘中没有写入任何文件。"+
			"第%d号导出中的变动会由下一次新的导出重新带给总部：请现在做一次“导出到总部”，把新的导出文件交给总部。", n, e.FileName, n)
	}
	tmp := exportTemp(dir, e.FileName)
	final := filepath.Join(dir, e.FileName)
	written := []string{tmp}
	fail := func(err error) (forms.ExportInfo, error) {
		for _, p := range written {
			os.Remove(p)
		}
		return forms.ExportInfo{}, err
	}
	if err := copyExportFile(kept, tmp); err != nil {
		return fail(exportDriveError(dir, err))
	}
	// The kept copy's SHA-256 was just found to be the recorded one (or,
	// for one the database does not record, keptExport read its header
	// whole): only its header is needed.
	h, err := peekExportFile(kept, e.Size)
	if err != nil {
		return fail(err)
	}
	if err := verifyExportFile(tmp, e.Size, e.SHA256, h); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fail(exportDriveError(dir, err))
	}
	written = append(written, final)
	syncDir(dir)
	if err := audit(ctx, tx, w, auditRec{action: ActExportRewrite, entity: "export", entityID: fmt.Sprint(n),
		note: fmt.Sprintf("重新写出第%d号导出（变动序号 %d–%d，共 %d 行）到 %s", n, e.FromSeq+1, e.ToSeq, e.Rows, final)}); err != nil {
		return fail(err)
	}
	if err := tx.commit(); err != nil {
		return fail(err)
	}
	e.Path = final
	return *e, nil
}

// readKeptHeader reads the header of a kept export file.
func readKeptHeader(path string, size int64) (ExportHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return ExportHeader{}, fmt.Errorf("open kept export: %w", err)
	}
	defer f.Close()
	return ReadExportHeader(f, size)
}

// resendExportRange gives the changes still in (from, to] new sequence
// numbers above every other, so the next export carries them again. It
// returns how many moved.
func resendExportRange(ctx context.Context, tx *txn, from, to int64) (int64, error) {
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(seq) FROM changes), 0),
		coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0))`).Scan(&top); err != nil {
		return 0, fmt.Errorf("read newest change: %w", err)
	}
	res, err := tx.ExecContext(ctx, "UPDATE changes SET seq = seq + ? WHERE seq > ? AND seq <= ?", top-from, from, to)
	if err != nil {
		return 0, fmt.Errorf("resend changes: %w", err)
	}
	moved, _ := res.RowsAffected()
	if from == 0 {
		// A first export read every row from the tables, not only
		// those with a change entry: mark every row again, as the fill
		// of 0014 used to.
		n, err := markEveryRow(ctx, tx)
		if err != nil {
			return 0, err
		}
		moved += n
	}
	// AUTOINCREMENT takes the next seq above sqlite_sequence: keep it
	// above the moved ones.
	if _, err := tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM changes)
		WHERE name = 'changes' AND seq < (SELECT max(seq) FROM changes)`); err != nil {
		return 0, fmt.Errorf("raise change sequence: %w", err)
	}
	return moved, nil
}

// markEveryRow gives every row of every exported table that has no change
// entry one (a new seq), in ExportTables order, each table in its own
// order, so the next export carries it. It returns how many it marked.
func markEveryRow(ctx context.Context, tx *txn) (int64, error) {
	var all int64
	for _, t := range ExportTables {
		k2 := "''"
		if len(t.Key) > 1 {
			k2 = quoteIdent(t.Key[1])
		}
		// changes has no triggers: OR IGNORE keeps the rows already
		// marked as they are.
		res, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO changes (tbl, k1, k2) SELECT ?, "+
			quoteIdent(t.Key[0])+", "+k2+" FROM "+quoteIdent(t.Name), t.Name)
		if err != nil {
			return 0, fmt.Errorf("mark %s for the next export: %w", t.Name, err)
		}
		n, _ := res.RowsAffected()
		all += n
	}
	return all, nil
}

// keptExport describes export n from its kept copy alone, for an export
// the database does not record (it was made after the backup the database
// was restored from; trial 15b, D5): the file must be this station's, by
// name, by its signed header (branch, station, number) and by its key.
func keptExport(ctx context.Context, tx *txn, dataDir string, n int64) (*forms.ExportInfo, error) {
	st, err := findStation(ctx, tx)
	if err != nil {
		return nil, err
	}
	pub, _, err := currentStationKey(ctx, tx)
	if err != nil {
		return nil, err
	}
	name := forms.ExportFileName(st.Code(), n)
	path := filepath.Join(dataDir, ExportDirName, name)
	size, sum, err := fileSum(path)
	if err != nil {
		return nil, err
	}
	h, err := readKeptHeader(path, size)
	if err != nil {
		return nil, err
	}
	if h.Number != n || h.Branch != st.BranchCode || h.Station != st.Number || !bytes.Equal(h.PublicKey, pub) {
		return nil, fmt.Errorf("kept %s is not this station's export %d", name, n)
	}
	return &forms.ExportInfo{Number: n, FromSeq: h.FromSeq, ToSeq: h.ToSeq, At: h.CreatedAt, FileName: name,
		Path: path, SHA256: sum, Size: size}, nil
}
