package store

import (
	"context"
	"fmt"

	"counterdesk/forms"

	"github.com/google/uuid"
)

// The audit actions of membership changes made by completing a case.
const (
	ActMemberJoin    = "member.join"    // became a member (落户, 小孩落户)
	ActMemberLeave   = "member.leave"   // the household moved out (转户)
	ActArchiveLeave  = "archive.leave"  // the archive left the branch (转档)
	ActChildRegister = "customer.child" // a child recorded, linked to the parent member
)

// completeEffects applies what completing the case k changes in what the
// branch knows about its members (forms.Service.OnComplete of the version
// the case was opened under), in the completing transaction: the
// customer's membership and archive dates, a new child customer linked to
// the parent, and one membership event for each change, each audited. A
// refusal (a child born after today) leaves the transaction to be rolled
// back, so nothing changes.
func completeEffects(ctx context.Context, tx *txn, w *who, k *forms.Case) error {
	svc, err := findService(ctx, tx, k.ServiceCode, k.ServiceVersion)
	if err != nil {
		return err
	}
	if svc.OnComplete == nil {
		return nil
	}
	cust, err := findCustomer(ctx, tx, k.CustomerID)
	if err != nil {
		return err
	}
	done, err := svc.Completion(k, cust, tx.today())
	if err != nil {
		return err
	}
	if done.Child != nil {
		child := done.Child
		if err := checkCustomerRefs(ctx, tx, child, ""); err != nil {
			return err
		}
		child.ID = uuid.NewString()
		child.CreatedAt, child.UpdatedAt = tx.now, tx.now
		if err := insertCustomer(ctx, tx, child); err != nil {
			return err
		}
		if err := audit(ctx, tx, w, auditRec{action: ActChildRegister, entity: "customer", entityID: child.ID, after: child,
			note: fmt.Sprintf("%s之子女，受理单%s，监护人已同意", cust.Name, k.Number)}); err != nil {
			return err
		}
	}
	if c := done.Customer; c != nil {
		c.UpdatedAt = tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET member = ?, member_since = ?, member_until = ?,
			archive_until = ?, origin = ?, updated_at = ? WHERE id = ?`,
			boolInt(c.Member), date(c.MemberSince), date(c.MemberUntil), date(c.ArchiveUntil), c.Origin,
			ts(c.UpdatedAt), c.ID); err != nil {
			return fmt.Errorf("update membership: %w", err)
		}
		if err := writeTerms(ctx, tx, c.ID, customerTerms(cust), customerTerms(c)); err != nil {
			return err
		}
	}
	for _, e := range done.Events {
		e.ID = uuid.NewString()
		who, before, after := cust.ID, any(cust), any(done.Customer)
		if e.CustomerID == "" {
			e.CustomerID, who, before, after = done.Child.ID, done.Child.ID, nil, done.Child
		}
		e.At = tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO membership_events
			(id, customer_id, case_id, kind, day, came_from, referral, at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.CustomerID, k.ID, string(e.Kind), date(e.Day), e.From, e.Referral, ts(e.At), w.user.ID); err != nil {
			return fmt.Errorf("record membership event: %w", err)
		}
		action := map[forms.MembershipEventKind]string{forms.EventJoin: ActMemberJoin, forms.EventLeave: ActMemberLeave,
			forms.EventArchiveLeave: ActArchiveLeave}[e.Kind]
		e.CaseNumber, e.ServiceName = k.Number, svc.Name
		if err := audit(ctx, tx, w, auditRec{action: action, entity: "customer", entityID: who, before: before, after: after,
			note: e.Text()}); err != nil {
			return err
		}
	}
	return nil
}

// MembershipHistory returns a customer's membership events, oldest first,
// with the case number, service name and the user who completed it.
func (db *DB) MembershipHistory(ctx context.Context, customerID string) ([]forms.MembershipEvent, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return membershipHistory(ctx, tx, customerID)
}

func membershipHistory(ctx context.Context, tx *txn, customerID string) ([]forms.MembershipEvent, error) {
	rows, err := tx.QueryContext(ctx, `SELECT e.id, e.customer_id, COALESCE(e.case_id, ''), COALESCE(k.number, ''),
		COALESCE(s.name, ''), e.kind, e.day, e.came_from, e.referral, e.at, COALESCE(u.name, '')
		FROM membership_events e
		LEFT JOIN cases k ON k.id = e.case_id
		LEFT JOIN services s ON s.code = k.service_code AND s.version = k.service_version
		LEFT JOIN users u ON u.id = e.user_id
		WHERE e.customer_id = ? ORDER BY e.day, e.at`, customerID)
	if err != nil {
		return nil, fmt.Errorf("query membership history: %w", err)
	}
	defer rows.Close()
	var out []forms.MembershipEvent
	for rows.Next() {
		var e forms.MembershipEvent
		var kind, day, at string
		if err := rows.Scan(&e.ID, &e.CustomerID, &e.CaseID, &e.CaseNumber, &e.ServiceName, &kind, &day,
			&e.From, &e.Referral, &at, &e.UserName); err != nil {
			return nil, fmt.Errorf("scan membership event: %w", err)
		}
		e.Kind, e.Day, e.At = forms.MembershipEventKind(kind), parseDate(day), parseTS(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read membership history: %w", err)
	}
	return out, nil
}

// ChildrenOf returns the customers linked to a parent, oldest child first.
func (db *DB) ChildrenOf(ctx context.Context, parentID string) ([]forms.Customer, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return childrenOf(ctx, tx, parentID)
}

func childrenOf(ctx context.Context, tx *txn, parentID string) ([]forms.Customer, error) {
	return queryCustomers(ctx, tx, "SELECT "+customerCols+" FROM customers c WHERE c.parent_id = ? ORDER BY c.birth, c.created_at", parentID)
}
