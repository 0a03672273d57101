package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"counterdesk/forms"
)

// ActMemberImport is the audit action of one import of a member list, beside
// the customer.create and customer.update entries of each member it wrote.
const ActMemberImport = "member.import"

// PreviewMemberImport decides, without changing anything, what importing
// the sheet with the mapping would do with each of its rows (see
// forms.PlanMemberImport): the supervisor sees every row that would be
// imported and every row refused with the reason before anything is
// written.
func (db *DB) PreviewMemberImport(ctx context.Context, req forms.MemberImport) (*forms.MemberImportPreview, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return planMemberImport(ctx, tx, req)
}

func planMemberImport(ctx context.Context, tx *txn, req forms.MemberImport) (*forms.MemberImportPreview, error) {
	return forms.PlanMemberImport(req, tx.today(), func(number string) (*forms.Customer, error) {
		return findCustomerByIDNumber(ctx, tx, number)
	})
}

// ImportMembers imports a member list (supervisor only): it plans the rows
// again inside its transaction, so what it writes is decided against the
// database as it is, then creates every new member and updates every
// existing customer the plan says, keeping the search index in step, with
// one audit entry per customer written and one member.import entry with
// the file name and the counts. All of it is one transaction: a failure
// anywhere (or ctx being cancelled) leaves the database as it was, so
// nothing is ever imported half. Importing the same file again finds every
// member unchanged and is refused as having nothing to import. progress,
// when not nil, is called after each customer written with the number done
// and the number to write, on the caller's goroutine.
func (db *DB) ImportMembers(ctx context.Context, a forms.Actor, req forms.MemberImport, progress func(done, total int)) (*forms.MemberImportResult, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, err := importMembers(ctx, tx, a, req, progress)
	if err != nil {
		return nil, err
	}
	if err := tx.commit(); err != nil {
		return nil, err
	}
	return res, nil
}

func importMembers(ctx context.Context, tx *txn, a forms.Actor, req forms.MemberImport, progress func(done, total int)) (*forms.MemberImportResult, error) {
	w, err := supervisorActor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	p, err := planMemberImport(ctx, tx, req)
	if err != nil {
		return nil, err
	}
	res := &forms.MemberImportResult{
		FileName:  p.FileName,
		Unchanged: p.Count(forms.ImportUnchanged),
		Refused:   p.Count(forms.ImportRefused),
	}
	total := p.ToWrite()
	if total == 0 {
		return nil, forms.Errorf(forms.EINVALID, "没有要导入或更新的成员（已有客户未变 %d 位，拒绝 %d 行），数据库没有任何改动", res.Unchanged, res.Refused)
	}
	done := 0
	for i := range p.Rows {
		row := &p.Rows[i]
		if row.Status != forms.ImportNew && row.Status != forms.ImportUpdate {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		note := fmt.Sprintf("导入成员名单“%s”第%d行", p.FileName, row.Line)
		c := row.Customer
		if row.Status == forms.ImportNew {
			c.ID = uuid.NewString()
			c.CreatedAt, c.UpdatedAt = tx.now, tx.now
			if err := insertCustomer(ctx, tx, c); err != nil {
				return nil, fmt.Errorf("import row %d: %w", row.Line, err)
			}
			if err := audit(ctx, tx, w, auditRec{action: ActCustomerCreate, entity: "customer", entityID: c.ID, after: c, note: note}); err != nil {
				return nil, err
			}
			res.Created++
		} else {
			c.UpdatedAt = tx.now
			if err := writeImportedUpdate(ctx, tx, row.Existing, c); err != nil {
				return nil, fmt.Errorf("import row %d: %w", row.Line, err)
			}
			if err := audit(ctx, tx, w, auditRec{action: ActCustomerUpdate, entity: "customer", entityID: c.ID,
				before: row.Existing, after: c, note: note}); err != nil {
				return nil, err
			}
			res.Updated++
		}
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	if err := audit(ctx, tx, w, auditRec{action: ActMemberImport, entity: "member_import", entityID: uuid.NewString(),
		after: res, note: fmt.Sprintf("导入成员名单“%s”：%s", p.FileName, res.Summary())}); err != nil {
		return nil, err
	}
	return res, nil
}

// writeImportedUpdate stores the fields an import may change (name,
// mobile, membership, paid-through dates) and keeps the search index in
// step. The plan validated the record in this transaction.
func writeImportedUpdate(ctx context.Context, tx *txn, old, c *forms.Customer) error {
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET
		name = ?, mobile = ?, member = ?, member_since = ?, talent_paid_through = ?, archive_paid_through = ?,
		updated_at = ?, name_sort = ? WHERE id = ?`,
		c.Name, c.Mobile, boolInt(c.Member), date(c.MemberSince), date(c.TalentPaidThrough), date(c.ArchivePaidThrough),
		ts(c.UpdatedAt), nameSortKey(c.Name), c.ID); err != nil {
		return fmt.Errorf("update customer: %w", err)
	}
	return writeTerms(ctx, tx, c.ID, customerTerms(old), customerTerms(c))
}
