package store

import (
	"context"
	"strings"

	"counterdesk/forms"
)

// LookupReceipt finds a receipt by its number as typed (full-width
// characters and lower case are accepted) together with the deposit it was
// issued for (nil when it was a fee receipt), so a search can say what
// became of it: voided (by whom, when, why), refunded or forfeited. A paper
// number standing on a voided entry and its correction gives the valid one.
// ENOTFOUND when no receipt has the number.
func (db *DB) LookupReceipt(ctx context.Context, number string) (*forms.Receipt, *forms.Deposit, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	r, err := findReceipt(ctx, tx, "WHERE r.number = ? ORDER BY r.voided LIMIT 1", strings.ToUpper(forms.Normalize(forms.StripInvisible(number))))
	if err != nil {
		return nil, nil, err
	}
	d, err := findDepositWhere(ctx, tx, "WHERE d.receipt_id = ? ORDER BY d.taken_at DESC LIMIT 1", r.ID)
	if forms.ErrorCode(err) == forms.ENOTFOUND {
		return r, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	return r, d, nil
}
