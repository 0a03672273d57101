package store

import (
	"context"

	"counterdesk/forms"
)

// VerifyAuditHeadAs is VerifyAuditAs with a head hash the supervisor kept
// elsewhere (copied from an earlier check's 链头哈希, a printout or an
// audit.verify entry): besides walking the chain, that hash must still be
// in it, else the chain was rewritten since — which the chain alone cannot
// show (VerifyFileHead does the same for a closed database file). head ""
// is VerifyAuditAs. A head that is not 64 hexadecimal digits is refused
// (EINVALID, forms.ParseAuditHead's message) before anything is read or
// recorded; a clerk is refused (EFORBIDDEN) with nothing recorded. The walk
// is one read transaction, followed by one audit.verify entry with the
// result.
func (db *DB) VerifyAuditHeadAs(ctx context.Context, a forms.Actor, head string) (forms.AuditCheck, error) {
	head, err := forms.ParseAuditHead(head)
	if err != nil {
		return forms.AuditCheck{}, err
	}
	return db.verifyAs(ctx, a, head)
}

// verifyHead walks the chain in one read transaction checking head (""
// for none).
func (db *DB) verifyHead(ctx context.Context, head string) (forms.AuditCheck, error) {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return forms.AuditCheck{}, err
	}
	defer tx.Rollback()
	return verifyAudit(ctx, tx, head)
}
