package store

import (
	"context"
	"database/sql"
)

// Statement reuse for the training station's batches (demo.go).
//
// Demo runs thousands of steps — the store's own functions, unchanged — in
// one transaction, and SQLite would parse each of their statements anew
// every time (a quarter of the time). A txn whose stmts map is set keeps
// each statement it prepared for the rest of the transaction; these three
// methods shadow *sql.Tx's for every function of the package, and without
// the map (every transaction but Demo's) they are exactly *sql.Tx's.
// Statements end with the transaction.

// ExecContext is (*sql.Tx).ExecContext, through the statement cache when
// the transaction has one.
func (tx *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if tx.stmts != nil {
		demoRecord(tx, query, args, false)
	}
	if st := tx.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

// QueryContext is (*sql.Tx).QueryContext, through the statement cache when
// the transaction has one.
func (tx *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if tx.stmts != nil {
		demoRecord(tx, query, args, true)
	}
	if st := tx.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext is (*sql.Tx).QueryRowContext, through the statement
// cache when the transaction has one.
func (tx *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if tx.stmts != nil {
		demoRecord(tx, query, args, true)
	}
	if st := tx.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, query, args...)
}

// stmt returns the prepared statement of query, preparing it the first
// time; nil without a cache or when it cannot be prepared (the plain call
// then reports the error).
func (tx *txn) stmt(ctx context.Context, query string) *sql.Stmt {
	if tx.stmts == nil {
		return nil
	}
	if st, ok := tx.stmts[query]; ok {
		return st
	}
	st, err := tx.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	tx.stmts[query] = st
	return st
}
