package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// migration is one embedded schema change, numbered by its file name
// (0001_init.sql is version 1).
type migration struct {
	version int
	name    string
	sql     string
}

// migrationFiles returns the embedded migrations in order. The numbers must
// run 1, 2, 3, … without gaps: a gap is a packaging mistake and panics in
// every test.
func migrationFiles() []migration {
	names, err := fs.Glob(migrationsFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	var ms []migration
	for i, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			panic(fmt.Sprintf("store: migration %s is not number %d", base, i+1))
		}
		data, err := migrationsFS.ReadFile(name)
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(data)})
	}
	return ms
}

// migrationSteps are the Go steps of migrations that SQL cannot do alone,
// by version: each runs right after its migration's SQL, in the same
// transaction, so the migration and its step land together or not at all.
// (The schema check of a backup runs the SQL only: a step must not change
// the schema.)
var migrationSteps = map[int]func(ctx context.Context, tx *txn) error{
	17: sealAuditChain, // 0017_audit_chain: seal the entries written before the chain
}

// migrate applies the migrations the database has not had yet, in order,
// each in its own transaction together with its schema_migrations row and
// PRAGMA user_version, so a failed migration leaves the previous version
// intact. A database newer than this program is refused, untouched.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	ms := migrationFiles()
	have, err := schemaVersion(ctx, db.db)
	if err != nil {
		return err
	}
	if have > 0 && have < len(ms) {
		// An existing database is about to change: keep a checked copy of
		// it as it was, so a failed or faulty migration loses nothing.
		if err := db.backupBeforeMigration(ctx, have); err != nil {
			return err
		}
	}
	for _, m := range ms {
		if err := db.applyMigration(ctx, m, len(ms)); err != nil {
			return err
		}
	}
	return nil
}

// applyMigration applies one migration unless it has been applied.
func (db *DB) applyMigration(ctx context.Context, m migration, latest int) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	have, err := schemaVersion(ctx, tx)
	if err != nil {
		return err
	}
	if have > latest {
		return newerSchema()
	}
	if have >= m.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if step := migrationSteps[m.version]; step != nil {
		if err := step(ctx, tx); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, ts(tx.now)); err != nil {
		return fmt.Errorf("record migration %s: %w", m.name, err)
	}
	// PRAGMA takes no parameters; the version is our own integer.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return fmt.Errorf("set user_version: %w", err)
	}
	return tx.commit()
}
