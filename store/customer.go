package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"counterdesk/forms"

	"github.com/google/uuid"
)

const customerCols = `c.id, c.name, c.gender, c.id_kind, c.id_number, c.birth, c.parent_id, c.mobile,
	c.address, c.marital, c.employer, c.origin, c.member, c.member_since, c.member_until,
	c.talent_paid_through, c.archive_paid_through, c.guardian_consent, c.created_at, c.updated_at,
	c.archive_until`

func scanCustomer(row interface{ Scan(...any) error }) (*forms.Customer, error) {
	var c forms.Customer
	var gender, kind, birth, since, until, talent, archive, created, updated, archiveUntil string
	if err := row.Scan(&c.ID, &c.Name, &gender, &kind, str(&c.IDNumber), str(&birth), str(&c.ParentID),
		&c.Mobile, &c.Address, &c.Marital, &c.Employer, &c.Origin, &c.Member, str(&since), str(&until),
		str(&talent), str(&archive), &c.GuardianConsent, &created, &updated, str(&archiveUntil)); err != nil {
		return nil, err
	}
	c.Gender, c.IDKind = forms.Gender(gender), forms.IDKind(kind)
	c.Birth, c.MemberSince, c.MemberUntil = parseDate(birth), parseDate(since), parseDate(until)
	c.TalentPaidThrough, c.ArchivePaidThrough = parseDate(talent), parseDate(archive)
	c.ArchiveUntil = parseDate(archiveUntil)
	c.CreatedAt, c.UpdatedAt = parseTS(created), parseTS(updated)
	return &c, nil
}

func queryCustomers(ctx context.Context, tx *txn, query string, args ...any) ([]forms.Customer, error) {
	return queryAll(ctx, tx, "customers", scanCustomer, query, args...)
}

// findCustomer returns the customer with the id, or ENOTFOUND.
func findCustomer(ctx context.Context, tx *txn, id string) (*forms.Customer, error) {
	c, err := scanCustomer(tx.QueryRowContext(ctx, "SELECT "+customerCols+" FROM customers c WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, forms.Errorf(forms.ENOTFOUND, "找不到该客户档案")
	} else if err != nil {
		return nil, fmt.Errorf("read customer: %w", err)
	}
	return c, nil
}

// findCustomerByIDNumber returns the customer with the ID number, or nil.
func findCustomerByIDNumber(ctx context.Context, tx *txn, number string) (*forms.Customer, error) {
	c, err := scanCustomer(tx.QueryRowContext(ctx, "SELECT "+customerCols+" FROM customers c WHERE c.id_number = ?", number))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read customer: %w", err)
	}
	return c, nil
}

// Customer returns a customer's record for the program's own use (lists,
// documents). Opening a whole record on screen goes through ViewCustomer,
// which logs it.
func (db *DB) Customer(ctx context.Context, id string) (*forms.Customer, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findCustomer(ctx, tx, id)
}

// ViewCustomer returns a customer's whole record for the screen and logs
// that the actor opened it (customer.view): ID numbers and phones are
// personal data, shown whole only on the record.
func (db *DB) ViewCustomer(ctx context.Context, a forms.Actor, id string) (*forms.Customer, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	c, err := findCustomer(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, w, auditRec{action: ActCustomerView, entity: "customer", entityID: c.ID}); err != nil {
		return nil, err
	}
	return c, tx.commit()
}

// CustomerByIDNumber returns the customer with the ID number as typed or
// read by a card reader (spaces, a trailing Enter and a lower-case x are
// cleaned), or ENOTFOUND.
func (db *DB) CustomerByIDNumber(ctx context.Context, number string) (*forms.Customer, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := findCustomerByIDNumber(ctx, tx, cleanIDQuery(number))
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, forms.Errorf(forms.ENOTFOUND, "没有身份证号码为该号码的客户档案")
	}
	return c, nil
}

// cleanIDQuery normalizes an ID number as typed: full-width digits, spaces,
// line breaks and invisible format characters removed, a lower-case x made upper-case.
func cleanIDQuery(s string) string {
	s = forms.Normalize(forms.StripInvisible(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		case 'x':
			return 'X'
		}
		return r
	}, s)
}

// CreateCustomer validates and stores a new customer, setting its ID and
// timestamps. An ID number that already has a record is refused with
// ECONFLICT; the screen then opens that record (CustomerByIDNumber).
func (db *DB) CreateCustomer(ctx context.Context, a forms.Actor, c *forms.Customer) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	id := c.ID
	if err := createCustomer(ctx, tx, a, c); err != nil {
		c.ID = id
		return err
	}
	if err := tx.commit(); err != nil {
		c.ID = id
		return err
	}
	return nil
}

func createCustomer(ctx context.Context, tx *txn, a forms.Actor, c *forms.Customer) error {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if err := checkCustomerRefs(ctx, tx, c, ""); err != nil {
		return err
	}
	c.ID = uuid.NewString()
	c.CreatedAt, c.UpdatedAt = tx.now, tx.now
	if err := insertCustomer(ctx, tx, c); err != nil {
		return err
	}
	return audit(ctx, tx, w, auditRec{action: ActCustomerCreate, entity: "customer", entityID: c.ID, after: c})
}

// checkCustomerRefs refuses an ID number that belongs to another customer
// and a parent that does not exist. self is the customer's own id on update.
func checkCustomerRefs(ctx context.Context, tx *txn, c *forms.Customer, self string) error {
	if c.IDNumber != "" {
		other, err := findCustomerByIDNumber(ctx, tx, c.IDNumber)
		if err != nil {
			return err
		}
		if other != nil && other.ID != self {
			if self == "" {
				return &forms.Error{Code: forms.ECONFLICT, Key: "customer.duplicate_id",
					Message: fmt.Sprintf("该身份证号码已有客户档案（%s），已为您打开", other.Name)}
			}
			return forms.Errorf(forms.ECONFLICT, "该身份证号码已属于另一位客户（%s），不能改为此号码，请核对", other.Name)
		}
	}
	if c.ParentID != "" {
		if c.ParentID == self {
			return forms.Errorf(forms.EINVALID, "客户不能关联自己为父母")
		}
		if _, err := findCustomer(ctx, tx, c.ParentID); forms.ErrorCode(err) == forms.ENOTFOUND {
			return forms.Errorf(forms.EINVALID, "关联的父母档案不存在，请重新选择")
		} else if err != nil {
			return err
		}
	}
	return nil
}

func insertCustomer(ctx context.Context, tx *txn, c *forms.Customer) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO customers
		(id, name, gender, id_kind, id_number, birth, parent_id, mobile, address, marital, employer, origin,
		 member, member_since, member_until, talent_paid_through, archive_paid_through, guardian_consent,
		 created_at, updated_at, archive_until, name_sort)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Name, string(c.Gender), string(c.IDKind), nullIf(c.IDNumber), date(c.Birth), nullIf(c.ParentID),
		c.Mobile, c.Address, c.Marital, c.Employer, c.Origin,
		boolInt(c.Member), date(c.MemberSince), date(c.MemberUntil), date(c.TalentPaidThrough), date(c.ArchivePaidThrough),
		boolInt(c.GuardianConsent), ts(c.CreatedAt), ts(c.UpdatedAt), date(c.ArchiveUntil), nameSortKey(c.Name)); err != nil {
		return fmt.Errorf("insert customer: %w", err)
	}
	return writeTerms(ctx, tx, c.ID, nil, customerTerms(c))
}

// UpdateCustomer validates and stores a changed customer record, keeping the
// search index in step and logging the record before and after. Changing the
// ID number to another customer's is refused with ECONFLICT.
func (db *DB) UpdateCustomer(ctx context.Context, a forms.Actor, c *forms.Customer) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := updateCustomer(ctx, tx, a, c); err != nil {
		return err
	}
	return tx.commit()
}

func updateCustomer(ctx context.Context, tx *txn, a forms.Actor, c *forms.Customer) error {
	w, err := actor(ctx, tx, a)
	if err != nil {
		return err
	}
	old, err := findCustomer(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if err := checkCustomerRefs(ctx, tx, c, c.ID); err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt = old.CreatedAt, old.UpdatedAt
	// The day the archive left is recorded by completing 转档 only
	// (completeEffects), never by editing the record.
	c.ArchiveUntil = old.ArchiveUntil
	if sameJSON(old, c) {
		return nil // nothing changed: no write, no audit noise
	}
	c.UpdatedAt = tx.now
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET
		name = ?, gender = ?, id_kind = ?, id_number = ?, birth = ?, parent_id = ?, mobile = ?, address = ?,
		marital = ?, employer = ?, origin = ?, member = ?, member_since = ?, member_until = ?,
		talent_paid_through = ?, archive_paid_through = ?, guardian_consent = ?, updated_at = ?, name_sort = ?
		WHERE id = ?`,
		c.Name, string(c.Gender), string(c.IDKind), nullIf(c.IDNumber), date(c.Birth), nullIf(c.ParentID),
		c.Mobile, c.Address, c.Marital, c.Employer, c.Origin, boolInt(c.Member), date(c.MemberSince),
		date(c.MemberUntil), date(c.TalentPaidThrough), date(c.ArchivePaidThrough), boolInt(c.GuardianConsent),
		ts(c.UpdatedAt), nameSortKey(c.Name), c.ID); err != nil {
		return fmt.Errorf("update customer: %w", err)
	}
	if err := writeTerms(ctx, tx, c.ID, customerTerms(old), customerTerms(c)); err != nil {
		return err
	}
	return audit(ctx, tx, w, auditRec{action: ActCustomerUpdate, entity: "customer", entityID: c.ID, before: old, after: c})
}

// sameJSON reports whether two values marshal alike.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
