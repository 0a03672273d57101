package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// Services returns the current (highest) version of every service, in the
// order the services were first added.
func (db *DB) Services(ctx context.Context) ([]forms.Service, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT s.json FROM services s
		WHERE s.version = (SELECT max(version) FROM services WHERE code = s.code)
		ORDER BY s.position, s.code`)
	if err != nil {
		return nil, fmt.Errorf("query services: %w", err)
	}
	defer rows.Close()
	var out []forms.Service
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("scan service: %w", err)
		}
		var s forms.Service
		if err := json.Unmarshal([]byte(data), &s); err != nil {
			return nil, fmt.Errorf("decode service: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read services: %w", err)
	}
	return out, nil
}

// ServiceVersion returns one version of a service, as a case opened under
// it keeps it; ENOTFOUND when there is no such version.
func (db *DB) ServiceVersion(ctx context.Context, code string, version int) (*forms.Service, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findService(ctx, tx, code, version)
}

// findService returns a version of a service; version 0 means the current.
func findService(ctx context.Context, tx *txn, code string, version int) (*forms.Service, error) {
	var data string
	var err error
	if version == 0 {
		err = tx.QueryRowContext(ctx,
			"SELECT json FROM services WHERE code = ? ORDER BY version DESC LIMIT 1", code).Scan(&data)
	} else {
		err = tx.QueryRowContext(ctx,
			"SELECT json FROM services WHERE code = ? AND version = ?", code, version).Scan(&data)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到业务“%s”", code)
	} else if err != nil {
		return nil, fmt.Errorf("read service: %w", err)
	}
	var s forms.Service
	if err := json.Unmarshal([]byte(data), &s); err != nil {
		return nil, fmt.Errorf("decode service %s: %w", code, err)
	}
	return &s, nil
}

// SaveServiceVersion stores a supervisor's edit of a service (or a new
// service) as its next version and returns the version number. Earlier
// versions never change: the cases opened under them keep them.
func (db *DB) SaveServiceVersion(ctx context.Context, a forms.Actor, s *forms.Service) (int, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return 0, err
	}
	v, err := insertServiceVersion(ctx, tx, w, s.Clone())
	if err != nil {
		return 0, err
	}
	if err := tx.commit(); err != nil {
		return 0, err
	}
	s.Version = v
	return v, nil
}

// insertServiceVersion validates s and stores it as the next version of its
// code, audited with the previous version as "before".
func insertServiceVersion(ctx context.Context, tx *txn, w *who, s *forms.Service) (int, error) {
	return insertServiceVersionNote(ctx, tx, w, s, "")
}

// insertServiceVersionNote is insertServiceVersion with why the version was
// made added to the audit note, e.g. "由第2版恢复"; "" adds nothing.
func insertServiceVersionNote(ctx context.Context, tx *txn, w *who, s *forms.Service, why string) (int, error) {
	if err := s.Validate(); err != nil {
		return 0, err
	}
	var last, position sql.NullInt64
	if err := tx.QueryRowContext(ctx,
		"SELECT max(version), min(position) FROM services WHERE code = ?", s.Code).Scan(&last, &position); err != nil {
		return 0, fmt.Errorf("read service versions: %w", err)
	}
	var before any
	if last.Valid {
		prev, err := findService(ctx, tx, s.Code, int(last.Int64))
		if err != nil {
			return 0, err
		}
		before = prev
	} else {
		if err := tx.QueryRowContext(ctx,
			"SELECT COALESCE(max(position), 0) + 1 FROM services").Scan(&position); err != nil {
			return 0, fmt.Errorf("read service positions: %w", err)
		}
	}
	s.Version = int(last.Int64) + 1
	data, err := json.Marshal(s)
	if err != nil {
		return 0, fmt.Errorf("encode service: %w", err)
	}
	var by any
	if w != nil && w.user != nil {
		by = w.user.ID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO services
		(id, code, version, name, position, json, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		uuid.NewString(), s.Code, s.Version, s.Name, position.Int64, string(data), ts(tx.now), by); err != nil {
		return 0, fmt.Errorf("insert service: %w", err)
	}
	if err := audit(ctx, tx, w, auditRec{action: ActServiceSave, entity: "service",
		entityID: s.Code, before: before, after: json.RawMessage(data),
		note: versionNote(s, why)}); err != nil {
		return 0, err
	}
	return s.Version, nil
}

// pendingCases returns the customer's open cases (draft, accepted,
// waiting), newest first, each with the exclusive group of its service's
// current version and the receipt number of the deposit it holds.
func pendingCases(ctx context.Context, tx *txn, customerID string) ([]forms.PendingCase, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+caseCols+`,
		COALESCE((SELECT r.number FROM deposits d JOIN receipts r ON r.id = d.receipt_id
			WHERE d.case_id = k.id AND d.state = 'held' ORDER BY d.taken_at DESC LIMIT 1), '')`+caseFrom+`
		WHERE k.customer_id = ? AND k.status IN ('draft', 'accepted', 'waiting')
		ORDER BY k.created_at DESC, k.number DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("query open cases: %w", err)
	}
	defer rows.Close()
	var out []forms.PendingCase
	for rows.Next() {
		var p forms.PendingCase
		c, err := scanCase(receiptScanner{rows, &p.DepositReceipt})
		if err != nil {
			return nil, fmt.Errorf("scan open case: %w", err)
		}
		p.Case = *c
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read open cases: %w", err)
	}
	rows.Close()
	groups := map[string]string{}
	for i := range out {
		code := out[i].ServiceCode
		g, ok := groups[code]
		if !ok {
			svc, err := findService(ctx, tx, code, 0)
			if err != nil {
				return nil, err
			}
			g = svc.ExclusiveGroup
			groups[code] = g
		}
		out[i].Group = g
	}
	return out, nil
}

// receiptScanner scans a case row followed by one more column.
type receiptScanner struct {
	rows  *sql.Rows
	extra *string
}

func (r receiptScanner) Scan(dest ...any) error {
	return r.rows.Scan(append(dest, r.extra)...)
}

// versionNote is the audit note of a saved version: "业务“借户籍卡”第3版",
// with why it was made after a colon.
func versionNote(s *forms.Service, why string) string {
	note := fmt.Sprintf("业务“%s”第%d版", s.Name, s.Version)
	if why != "" {
		note += "：" + why
	}
	return note
}
