package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"counterdesk/forms"
)

// msgAuditSupervisor refuses the audit log to a clerk.
const msgAuditSupervisor = "审计日志只有主管可以查看，请主管登录后在“审计日志”中查看"

// customerScopeQuery lists the ids of a customer and of everything of
// theirs that the audit log names as its entity_id: the record and the
// children added under it (customer.*, member.*, fee.renew, loss.*), their
// cases (case.*), the receipts of those cases and of their renewals
// (receipt.*), and their deposits (deposit.*). Each step uses an index
// (customers_parent, cases_customer, receipts_case, renewals_customer,
// deposits_customer).
const customerScopeQuery = `WITH c(id) AS (
		SELECT id FROM customers WHERE id = ?1
		UNION SELECT id FROM customers WHERE parent_id = ?1),
	k(id) AS (SELECT id FROM cases WHERE customer_id IN (SELECT id FROM c))
	SELECT id FROM c
	UNION SELECT id FROM k
	UNION SELECT x.id FROM receipts x WHERE x.case_id IN (SELECT id FROM k)
	UNION SELECT n.receipt_id FROM renewals n WHERE n.customer_id IN (SELECT id FROM c) AND n.receipt_id IS NOT NULL
	UNION SELECT d.id FROM deposits d WHERE d.customer_id IN (SELECT id FROM c)`

// auditPageOrder is the audit screen's order, newest first: by time, then
// by seq. The audit_log_at index (at, and seq as its rowid) gives it
// without sorting: at the bench station (1.85 million entries) a page of
// ten years ordered by seq alone sorted them all and took 34 s; by time
// it takes 6 ms.
const auditPageOrder = " ORDER BY at DESC, seq DESC"

// AuditSearch returns the audit entries matching the filter, newest
// first (by time, then seq), one page of it (f.Limit from f.Offset), and how many match in
// all — in one read transaction. Only a logged-in supervisor may read the
// log (EFORBIDDEN for a clerk, EUNAUTHORIZED when not logged in); a bad
// filter is EINVALID and an unknown customer ENOTFOUND, each with a
// Chinese message. A customer's filter covers their record and everything
// of theirs (see customerScopeQuery).
func (db *DB) AuditSearch(ctx context.Context, a forms.Actor, f forms.AuditFilter) ([]forms.AuditEntry, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, 0, err
	}
	if !w.user.IsSupervisor() {
		return nil, 0, forms.Errorf(forms.EFORBIDDEN, msgAuditSupervisor)
	}
	var where []string
	var args []any
	if f.CustomerID != "" {
		if _, err := findCustomer(ctx, tx, f.CustomerID); err != nil {
			return nil, 0, err
		}
		ids, err := customerScope(ctx, tx, f.CustomerID)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, "entity_id IN (SELECT value FROM json_each(?))")
		args = append(args, ids)
	}
	start, end := f.Span()
	if !start.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, ts(start))
	}
	if !end.IsZero() {
		where = append(where, "at < ?")
		args = append(args, ts(end))
	}
	if f.UserID != "" {
		where = append(where, "user_id = ?")
		args = append(args, f.UserID)
	}
	if f.System {
		// The program's own entries (user 系统) have no user: NULL as
		// appendAudit writes them, '' in some a migration wrote.
		where = append(where, "(user_id IS NULL OR user_id = '')")
	}
	switch {
	case f.ActionGroup():
		// A range, not substr, so an index on action could serve it:
		// "receipt." up to, not including, "receipt/" ('/' follows '.').
		where = append(where, "action >= ? AND action < ?")
		args = append(args, f.Action, strings.TrimSuffix(f.Action, ".")+"/")
	case f.Action != "":
		where = append(where, "action = ?")
		args = append(args, f.Action)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM audit_log"+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count audit log: %w", err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+chainColumns+" FROM audit_log"+cond+auditPageOrder+" LIMIT ? OFFSET ?",
		append(args, f.PageSize(), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("search audit log: %w", err)
	}
	out, err := scanAuditEntries(rows)
	if err != nil {
		return nil, 0, err
	}
	if out == nil {
		out = []forms.AuditEntry{}
	}
	return out, total, nil
}

// customerScope returns the ids of customerScopeQuery as a JSON array, for
// json_each.
func customerScope(ctx context.Context, tx *txn, customerID string) (string, error) {
	rows, err := tx.QueryContext(ctx, customerScopeQuery, customerID)
	if err != nil {
		return "", fmt.Errorf("customer's records: %w", err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", fmt.Errorf("scan customer's records: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("read customer's records: %w", err)
	}
	data, err := json.Marshal(ids)
	return string(data), err
}

// AuditRecordNames names, for the audit screen, the records the entries
// are about and the records their before and after refer to by id
// (forms.AuditRecordRefs): a customer by name and masked ID number, a
// case, receipt, deposit or complaint by its number, a user by name, a
// follow-up by the customer called (and the case's number), the station
// by its code (entries of other records are left out); and
// reads each print's note (case.print) with the document's title from its
// case's service version, gives the service version of each case whose
// entry keeps its answers or papers (Services, for their questions,
// options and papers by name), and an older backup's note with its
// reason in Chinese. One read transaction.
func (db *DB) AuditRecordNames(ctx context.Context, entries []forms.AuditEntry) (forms.AuditNames, error) {
	byKind := map[string][]string{}
	var prints []forms.AuditEntry
	var cases []string // cases whose entries keep answers or papers
	for _, e := range entries {
		if e.EntityID != "" {
			byKind[e.Entity] = append(byKind[e.Entity], e.EntityID)
		}
		for kind, ids := range forms.AuditRecordRefs(e) {
			byKind[kind] = append(byKind[kind], ids...)
		}
		if e.Action == ActCasePrint && e.Entity == "case" && e.EntityID != "" {
			prints = append(prints, e)
		}
		if e.Entity == "case" && e.EntityID != "" && forms.AuditNeedsService(e) {
			cases = append(cases, e.EntityID)
		}
	}
	out := forms.AuditNames{Records: map[string]string{}, Notes: map[string]string{}, Services: map[string]*forms.Service{}}
	for _, e := range entries {
		if (e.Action == ActBackup || e.Action == ActBackupFail) && forms.BackupNoteText(e.Note) != e.Note {
			out.Notes[e.ID] = forms.BackupNoteText(e.Note)
		}
	}
	if len(byKind) == 0 {
		return out, nil
	}
	tx, err := db.beginRead(ctx)
	if err != nil {
		return forms.AuditNames{}, err
	}
	defer tx.Rollback()
	queries := map[string]string{
		"customer":  "SELECT id, name, COALESCE(id_number, '') FROM customers WHERE id IN (SELECT value FROM json_each(?))",
		"case":      "SELECT id, number, '' FROM cases WHERE id IN (SELECT value FROM json_each(?))",
		"receipt":   "SELECT id, number, '' FROM receipts WHERE id IN (SELECT value FROM json_each(?))",
		"deposit":   "SELECT d.id, r.number, '' FROM deposits d JOIN receipts r ON r.id = d.receipt_id WHERE d.id IN (SELECT value FROM json_each(?))",
		"user":      "SELECT id, name, '' FROM users WHERE id IN (SELECT value FROM json_each(?))",
		"complaint": "SELECT id, number, '' FROM complaints WHERE id IN (SELECT value FROM json_each(?))",
		// A follow-up by the customer called and, when it is about a case,
		// the case's number.
		"follow_up": `SELECT f.id, f.customer_name || COALESCE('（' || k.number || '）', ''), '' FROM follow_ups f
			LEFT JOIN cases k ON k.id = f.case_id WHERE f.id IN (SELECT value FROM json_each(?))`,
		"station": "SELECT id, printf('%s%02d', branch_code, number), '' FROM station WHERE id IN (SELECT value FROM json_each(?))",
	}
	for kind, q := range queries {
		ids := byKind[kind]
		if len(ids) == 0 {
			continue
		}
		data, err := json.Marshal(ids)
		if err != nil {
			return forms.AuditNames{}, err
		}
		rows, err := tx.QueryContext(ctx, q, string(data))
		if err != nil {
			return forms.AuditNames{}, fmt.Errorf("audit record names (%s): %w", kind, err)
		}
		for rows.Next() {
			var id, name, number string
			if err := rows.Scan(&id, &name, &number); err != nil {
				rows.Close()
				return forms.AuditNames{}, fmt.Errorf("scan audit record names: %w", err)
			}
			if number != "" {
				name += " " + forms.MaskID(number)
			}
			out.Records[id] = name
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return forms.AuditNames{}, fmt.Errorf("read audit record names: %w", err)
		}
		rows.Close()
	}
	ids := append([]string(nil), cases...)
	for _, e := range prints {
		ids = append(ids, e.EntityID)
	}
	services, err := caseServices(ctx, tx, ids)
	if err != nil {
		return forms.AuditNames{}, err
	}
	for _, id := range cases {
		if s := services[id]; s != nil {
			out.Services[id] = s
		}
	}
	for _, e := range prints {
		if s := services[e.EntityID]; s != nil {
			out.Notes[e.ID] = forms.PrintNoteText(e.Note, s)
		}
	}
	return out, nil
}

// caseServices returns, by case id, the service version each case was
// opened under (its service_code and service_version), read once per
// version: a print's document title and a case's questions, options and
// papers are named from it. A case no longer there (it cannot be, cases
// are never deleted) is left out.
func caseServices(ctx context.Context, tx *txn, caseIDs []string) (map[string]*forms.Service, error) {
	out := map[string]*forms.Service{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	data, err := json.Marshal(caseIDs)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, service_code, service_version FROM cases WHERE id IN (SELECT value FROM json_each(?))", string(data))
	if err != nil {
		return nil, fmt.Errorf("audit case services: %w", err)
	}
	type version struct {
		code string
		n    int
	}
	of := map[string]version{}
	for rows.Next() {
		var id string
		var v version
		if err := rows.Scan(&id, &v.code, &v.n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan audit case services: %w", err)
		}
		of[id] = v
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read audit case services: %w", err)
	}
	services := map[version]*forms.Service{}
	for id, v := range of {
		s, ok := services[v]
		if !ok {
			if s, err = findService(ctx, tx, v.code, v.n); err != nil {
				return nil, fmt.Errorf("audit case service of %s: %w", id, err)
			}
			services[v] = s
		}
		out[id] = s
	}
	return out, nil
}
