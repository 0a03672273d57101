package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"counterdesk/forms"
)

// The customer's history reads each list through an index: the cases by
// cases_customer, their prints by case_prints_case, their receipts by
// receipts_case (and the renewals' receipts by renewals_customer, for those
// issued before a renewal was a case), the deposits by deposits_customer.
// history_test.go checks the query plans.

const historyCasesQuery = `SELECT k.id, k.number, k.service_code, k.service_version, s.name, k.status,
	k.cancel_reason, k.created_at, k.accepted_at, k.completed_at, u.name, k.legacy
	FROM cases k
	JOIN services s ON s.code = k.service_code AND s.version = k.service_version
	JOIN users u ON u.id = k.clerk_id
	WHERE k.customer_id = ?
	ORDER BY k.created_at DESC, k.number DESC`

// historyPrintsQuery reads the prints of the cases whose ids are the JSON
// array given (historyCases read them: the cases' rows are not read again).
const historyPrintsQuery = `SELECT p.case_id, p.document, p.at, p.copies, p.reprint, u.name
	FROM case_prints p
	JOIN users u ON u.id = p.user_id
	WHERE p.case_id IN (SELECT value FROM json_each(?))
	ORDER BY p.at DESC, p.rowid DESC`

// historyReceiptsWhere picks the receipts of the cases whose ids are the
// JSON array given and of the customer's renewals.
const historyReceiptsWhere = `WHERE r.case_id IN (SELECT value FROM json_each(?))
		OR r.id IN (SELECT n.receipt_id FROM renewals n WHERE n.customer_id = ?)
	ORDER BY r.issued_at DESC, r.number DESC`

const historyDepositsWhere = `WHERE d.customer_id = ? ORDER BY d.taken_at DESC, r.number DESC`

// CustomerHistory returns what was done for the customer, in one read
// transaction: every case with its service version, status, dates and
// clerk; every print of a document of those cases (original or 补打, when,
// how many copies, by whom), titled from the case's service version; every
// receipt of those cases and of the customer's renewals, voided ones
// included; and the customer's deposits. All lists are newest first. An
// unknown customer is ENOTFOUND.
func (db *DB) CustomerHistory(ctx context.Context, customerID string) (*forms.CustomerHistory, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := findCustomer(ctx, tx, customerID); err != nil {
		return nil, err
	}
	h := &forms.CustomerHistory{}
	return h, customerHistory(ctx, tx, customerID, h)
}

// OpenCustomerRecord returns the customer's whole record for the screen
// (forms.CustomerRecord: the customer unmasked, parent, children, 入户记录
// and the history CustomerHistory reads) and logs that the actor opened it
// (customer.view, the seeds' 档案查阅登记), all in one transaction, so the
// record shown is one moment's and its opening is logged with it. An
// unknown customer is ENOTFOUND; an unknown or disabled actor is refused as
// by every write, and nothing is logged. The commit does not wait for the
// disk (beginUnsynced: the entry is the only write).
func (db *DB) OpenCustomerRecord(ctx context.Context, a forms.Actor, id string) (*forms.CustomerRecord, error) {
	tx, err := db.beginUnsynced(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	r, err := customerRecord(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActCustomerView, entity: "customer", entityID: r.Customer.ID}); err != nil {
		return nil, err
	}
	return r, tx.commit()
}

// RereadCustomerRecord reads again the whole record the actor already has
// open on their screen (OpenCustomerRecord logged that opening): when its
// tab is shown again, or after its form is saved. Showing the same record
// again to the same person is not another 查阅 (the seeds' 档案查阅登记
// lists who consulted a file and when), so nothing is logged: the tester
// found five 查阅档案 of one customer in two minutes from switching tabs.
// An unknown or disabled actor is refused; an unknown customer is
// ENOTFOUND. One read transaction.
func (db *DB) RereadCustomerRecord(ctx context.Context, a forms.Actor, id string) (*forms.CustomerRecord, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := actor(ctx, tx, a); err != nil {
		return nil, err
	}
	return customerRecord(ctx, tx, id)
}

// customerRecord reads a customer's whole record (forms.CustomerRecord).
func customerRecord(ctx context.Context, tx *txn, id string) (*forms.CustomerRecord, error) {
	c, err := findCustomer(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	r := &forms.CustomerRecord{Customer: *c}
	if c.ParentID != "" {
		if r.Parent, err = findCustomer(ctx, tx, c.ParentID); err != nil {
			return nil, err
		}
	}
	if r.Children, err = childrenOf(ctx, tx, id); err != nil {
		return nil, err
	}
	if r.Membership, err = membershipHistory(ctx, tx, id); err != nil {
		return nil, err
	}
	if err := customerHistory(ctx, tx, id, &r.History); err != nil {
		return nil, err
	}
	return r, nil
}

// customerHistory fills h with the customer's cases, prints, receipts and
// deposits (CustomerHistory).
func customerHistory(ctx context.Context, tx *txn, customerID string, h *forms.CustomerHistory) error {
	var err error
	if h.Cases, err = historyCases(ctx, tx, customerID); err != nil {
		return err
	}
	ids := make([]string, len(h.Cases))
	for i, c := range h.Cases {
		ids[i] = c.ID
	}
	caseIDs, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("case ids: %w", err)
	}
	if h.Prints, err = historyPrints(ctx, tx, h.Cases, string(caseIDs)); err != nil {
		return err
	}
	if h.Receipts, err = queryReceipts(ctx, tx, historyReceiptsWhere, string(caseIDs), customerID); err != nil {
		return err
	}
	h.Deposits, err = queryDeposits(ctx, tx, historyDepositsWhere, customerID)
	return err
}

func historyCases(ctx context.Context, tx *txn, customerID string) ([]forms.CaseLine, error) {
	return queryAll(ctx, tx, "cases", func(row interface{ Scan(...any) error }) (*forms.CaseLine, error) {
		var c forms.CaseLine
		var status, created, accepted, completed string
		if err := row.Scan(&c.ID, &c.Number, &c.ServiceCode, &c.ServiceVersion, &c.ServiceName, &status,
			&c.CancelReason, &created, str(&accepted), str(&completed), &c.ClerkName, &c.Legacy); err != nil {
			return nil, err
		}
		c.Status = forms.CaseStatus(status)
		c.CreatedAt, c.AcceptedAt, c.CompletedAt = parseTS(created), parseTS(accepted), parseTS(completed)
		return &c, nil
	}, historyCasesQuery, customerID)
}

// historyPrints reads the prints of cases (caseIDs: their ids as a JSON
// array), newest first (by time, then case number, then the order made),
// each with its case's number and service, titled from the case's service
// version, each version read once.
func historyPrints(ctx context.Context, tx *txn, cases []forms.CaseLine, caseIDs string) ([]forms.PrintLine, error) {
	type version struct {
		code string
		n    int
	}
	byID := make(map[string]*forms.CaseLine, len(cases))
	for i := range cases {
		byID[cases[i].ID] = &cases[i]
	}
	lines, err := queryAll(ctx, tx, "prints", func(row interface{ Scan(...any) error }) (*forms.PrintLine, error) {
		var p forms.PrintLine
		var at string
		if err := row.Scan(&p.CaseID, &p.Document, &at, &p.Copies, &p.Reprint, &p.UserName); err != nil {
			return nil, err
		}
		c := byID[p.CaseID]
		p.CaseNumber, p.ServiceCode, p.ServiceName = c.Number, c.ServiceCode, c.ServiceName
		p.At = parseTS(at)
		return &p, nil
	}, historyPrintsQuery, caseIDs)
	if err != nil {
		return nil, err
	}
	// The query orders by time and the order made; equal times go by case
	// number, newest first, as the case list does.
	sort.SliceStable(lines, func(i, j int) bool {
		if !lines[i].At.Equal(lines[j].At) {
			return lines[i].At.After(lines[j].At)
		}
		return lines[i].CaseNumber > lines[j].CaseNumber
	})
	services := map[version]*forms.Service{}
	for i := range lines {
		c := byID[lines[i].CaseID]
		v := version{c.ServiceCode, c.ServiceVersion}
		s, ok := services[v]
		if !ok {
			if s, err = findService(ctx, tx, v.code, v.n); err != nil {
				return nil, fmt.Errorf("title of %s: %w", lines[i].Document, err)
			}
			services[v] = s
		}
		lines[i].Title = forms.DocumentTitle(lines[i].Document, s)
	}
	return lines, nil
}
