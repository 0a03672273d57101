package main

// This file holds every piece of SQL and every driver call that differs
// between SQLite and PostgreSQL. The rest of hqdesk writes its queries once,
// with ? placeholders (rebind turns them into $1, $2… for PostgreSQL), and
// calls the methods below where the two engines really differ.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// Engine kinds, as returned by hqDB.Kind.
const (
	kindSQLite   = "sqlite"
	kindPostgres = "postgres"
)

// dialect is what differs between the engines; its zero value is SQLite.
type dialect struct {
	kind string // kindSQLite or kindPostgres
}

// dialectFor tells from a --db value which engine it names: a postgres:// or
// postgresql:// URL is PostgreSQL, anything else a SQLite file path.
func dialectFor(dsn string) dialect {
	l := strings.ToLower(dsn)
	if strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://") {
		return dialect{kind: kindPostgres}
	}
	return dialect{kind: kindSQLite}
}

// sqliteQuery is the station's own connection settings (store/db.go):
// foreign keys, a busy timeout instead of failing, WAL, full sync, and
// BEGIN IMMEDIATE so two hqdesk runs queue instead of deadlocking; plus a
// page cache of 256 MiB (1 GiB was tried: 3.5 million rows took three times as long) so
// that a large import's transaction does not spill pages to the WAL before
// its commit, and temporary files in memory: every multi-row INSERT keeps a
// statement journal of the pages it changes, which in a temporary file cost
// a write system call per page (a fifth of the import's time). A new
// database gets pages of 16 KiB (a quarter of the write calls of an
// import's commit and checkpoint); the driver runs the _pragma list in
// alphabetical order, so journal_mode(WAL), which fixes the page size, is
// set by connect after it (sqliteAfterOpen).
const sqliteQuery = "_pragma=page_size(16384)&_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)&_pragma=cache_size(-262144)&_pragma=temp_store(MEMORY)&_txlock=immediate"

// sqliteAfterOpen runs once the connection is open (journal_mode is kept
// in the file, so a connection opened later by the pool has it too).
const sqliteAfterOpen = "PRAGMA journal_mode = WAL"

// sqliteURI turns a file path (spaces and Chinese characters included) into
// the file: URI modernc's driver takes, with the pragmas above.
func sqliteURI(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: sqliteQuery}
	return u.String(), nil
}

// connect opens the engine's connection: a database/sql pool of one
// connection for SQLite, one pgx connection for PostgreSQL.
func (d dialect) connect(ctx context.Context, h *hqDB, dsn string) error {
	switch d.kind {
	case kindPostgres:
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		h.pg = c
		return nil
	default:
		uri, err := sqliteURI(dsn)
		if err != nil {
			return err
		}
		db, err := sql.Open("sqlite", uri)
		if err != nil {
			return err
		}
		// One connection: hqdesk is one command at a time, and a single
		// connection keeps temp tables and pragmas in one place.
		db.SetMaxOpenConns(1)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return err
		}
		if _, err := db.ExecContext(ctx, sqliteAfterOpen); err != nil {
			db.Close()
			return err
		}
		h.sql = db
		return nil
	}
}

// rebind turns a query written with ? placeholders into the engine's form:
// unchanged for SQLite, $1, $2… for PostgreSQL. A ? inside a quoted string
// or identifier is left alone.
func (d dialect) rebind(q string) string {
	if d.kind != kindPostgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	var quote rune
	for _, r := range q {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '?':
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// columnType maps an exported column's type ("TEXT", "INTEGER", "REAL",
// "BLOB", store.ExportColumn.Type) to the engine's column type.
func (d dialect) columnType(t string) (string, error) {
	t = strings.ToUpper(t)
	if d.kind == kindPostgres {
		switch t {
		case "TEXT":
			return "TEXT", nil
		case "INTEGER":
			return "BIGINT", nil
		case "REAL":
			return "DOUBLE PRECISION", nil
		case "BLOB":
			return "BYTEA", nil
		}
	} else {
		switch t {
		case "TEXT", "INTEGER", "REAL", "BLOB":
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown export column type %q", t)
}

// seqType is the type of _seq and of other 64-bit counters.
func (d dialect) seqType() string {
	if d.kind == kindPostgres {
		return "BIGINT"
	}
	return "INTEGER"
}

// smallIntType is the type of 0/1 flags (_deleted, training).
func (d dialect) smallIntType() string {
	if d.kind == kindPostgres {
		return "SMALLINT"
	}
	return "INTEGER"
}

// blobType is the type of raw bytes.
func (d dialect) blobType() string {
	if d.kind == kindPostgres {
		return "BYTEA"
	}
	return "BLOB"
}

// tableColumns lists the columns a table has now, lower-cased, or nil when
// the table does not exist.
func (d dialect) tableColumns(ctx context.Context, q querier, table string) (map[string]bool, error) {
	var query string
	if d.kind == kindPostgres {
		query = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
	} else {
		query = "SELECT name FROM pragma_table_info(?)"
	}
	rows, err := q.Query(ctx, query, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		cols[strings.ToLower(name)] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cols) == 0 {
		return nil, nil
	}
	return cols, nil
}

// upsertWhere is the condition under which an incoming row replaces the one
// already kept: "newer (_gen, _seq) wins". Both engines compare row values.
func upsertWhere(table string) string {
	t := quoteIdent(table)
	return fmt.Sprintf("(%s._gen, %s._seq) < (excluded._gen, excluded._seq)", t, t)
}

// upsertTail is the ON CONFLICT clause of a merge into table: every
// non-key column is replaced when the incoming row is newer, and the
// columns in clear are emptied (a deletion: head office keeps the key
// and the mark, not the personal data of a deleted row, whatever order
// the row and its deletion arrived in).
func upsertTail(table string, pk []string, cols, clear []string) string {
	isKey := map[string]bool{}
	for _, k := range pk {
		isKey[k] = true
	}
	var set []string
	for _, c := range cols {
		if !isKey[c] {
			set = append(set, fmt.Sprintf("%s = excluded.%s", quoteIdent(c), quoteIdent(c)))
		}
	}
	for _, c := range clear {
		set = append(set, fmt.Sprintf("%s = NULL", quoteIdent(c)))
	}
	return fmt.Sprintf(" ON CONFLICT (%s) DO UPDATE SET %s WHERE %s",
		identList(pk), strings.Join(set, ", "), upsertWhere(table))
}

// merger writes the rows of one table of one export file into the HQ table,
// inside the file's transaction. Add is called per row (values in cols
// order, already converted by coerce); Flush ends the table.
type merger interface {
	Add(values []any) error
	Flush(ctx context.Context) error
}

// newMerger prepares the merge of one table: prepared multi-row INSERT …
// ON CONFLICT statements for SQLite; for PostgreSQL the rows are buffered,
// copied (COPY) into a temporary staging table and merged with one INSERT …
// SELECT … ON CONFLICT, which is many times faster than a statement per
// row. stage names the PostgreSQL staging table (the live rows and the
// deletions of one table each have their own); clear lists the columns a
// deletion empties.
//
// fast is for a table that holds no row of the station yet (its first
// import): the rows go straight in, a plain multi-row INSERT on SQLite and
// a COPY into the table itself on PostgreSQL, which ends the same as the
// merge as long as the file has each key once. A key twice fails with a
// unique violation (isUniqueViolation); the caller then imports the file
// again without fast.
func (d dialect) newMerger(ctx context.Context, tx *hqTx, table, stage string, pk, cols, clear []string, fast bool) (merger, error) {
	insert := fmt.Sprintf("INSERT INTO %s (%s) ", quoteIdent(table), identList(cols))
	if d.kind == kindPostgres && fast {
		return &pgMerger{tx: tx.pg, stage: table, cols: cols}, nil
	}
	if d.kind == kindPostgres {
		stage := "hq_stage_" + table + "_" + stage
		if _, err := tx.pg.Exec(ctx, fmt.Sprintf("CREATE TEMP TABLE IF NOT EXISTS %s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DROP",
			quoteIdent(stage), quoteIdent(table))); err != nil {
			return nil, err
		}
		if _, err := tx.pg.Exec(ctx, "TRUNCATE "+quoteIdent(stage)); err != nil {
			return nil, err
		}
		// DISTINCT ON keeps one row per key (the newest) so that ON
		// CONFLICT never meets the same key twice in one statement.
		sel := fmt.Sprintf("SELECT DISTINCT ON (%s) %s FROM %s ORDER BY %s, _gen DESC, _seq DESC",
			identList(pk), identList(cols), quoteIdent(stage), identList(pk))
		return &pgMerger{tx: tx.pg, stage: stage, cols: cols, merge: insert + sel + upsertTail(table, pk, cols, clear)}, nil
	}
	// Rows go in batches, many rows per INSERT: one statement per row
	// costs more in the driver than SQLite spends storing the row.
	batch := sqliteMaxVars / len(cols)
	if batch > sqliteMaxBatch {
		batch = sqliteMaxBatch
	}
	if batch < 1 {
		batch = 1
	}
	tail := upsertTail(table, pk, cols, clear)
	if fast {
		tail = ""
	}
	m := &sqliteMerger{tx: tx.sql, insert: insert, tail: tail, ncols: len(cols), batch: batch}
	st, err := tx.sql.PrepareContext(ctx, m.statement(batch))
	if err != nil {
		return nil, err
	}
	m.full = st
	return m, nil
}

// sqliteMaxVars stays under SQLite's limit of bound variables per
// statement (32766); sqliteMaxBatch caps the rows per statement.
const (
	sqliteMaxVars  = 32000
	sqliteMaxBatch = 1000
)

// isUniqueViolation tells whether err is a primary-key or unique
// constraint failure of the engine.
func (d dialect) isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		// SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE.
		return se.Code() == 1555 || se.Code() == 2067
	}
	return false
}

// sqliteMerger buffers rows and runs one prepared multi-row upsert per
// full batch (SQLite applies ON CONFLICT row by row, so a key repeated in a
// batch ends as its last row).
type sqliteMerger struct {
	tx           *sql.Tx
	insert, tail string
	ncols, batch int
	full         *sql.Stmt
	buf          []any
	rows         int
}

// statement is the upsert of n rows.
func (m *sqliteMerger) statement(n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", m.ncols), ", ") + ")"
	var b strings.Builder
	b.WriteString(m.insert)
	b.WriteString("VALUES ")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	b.WriteString(m.tail)
	return b.String()
}

func (m *sqliteMerger) Add(values []any) error {
	m.buf = append(m.buf, values...)
	m.rows++
	if m.rows == m.batch {
		_, err := m.full.Exec(m.buf...)
		m.buf, m.rows = m.buf[:0], 0
		return err
	}
	return nil
}

func (m *sqliteMerger) Flush(ctx context.Context) error {
	defer m.full.Close()
	if m.rows == 0 {
		return nil
	}
	_, err := m.tx.ExecContext(ctx, m.statement(m.rows), m.buf...)
	m.buf, m.rows = m.buf[:0], 0
	return err
}

// pgBatch is how many rows the PostgreSQL merger buffers before a COPY (a
// variable so that tests can make every row its own COPY).
var pgBatch = 50000

// pgMerger buffers rows and COPYs them into the staging table in batches;
// Flush copies the rest and merges the staging table once.
type pgMerger struct {
	tx    pgx.Tx
	stage string
	cols  []string
	merge string
	buf   [][]any
}

func (m *pgMerger) Add(values []any) error {
	m.buf = append(m.buf, append([]any(nil), values...))
	if len(m.buf) >= pgBatch {
		return m.copy(context.Background())
	}
	return nil
}

func (m *pgMerger) copy(ctx context.Context) error {
	if len(m.buf) == 0 {
		return nil
	}
	_, err := m.tx.CopyFrom(ctx, pgx.Identifier{m.stage}, m.cols, pgx.CopyFromRows(m.buf))
	m.buf = m.buf[:0]
	return err
}

func (m *pgMerger) Flush(ctx context.Context) error {
	if err := m.copy(ctx); err != nil {
		return err
	}
	if m.merge == "" {
		return nil // fast: copied straight into the table
	}
	_, err := m.tx.Exec(ctx, m.merge)
	return err
}

// createDatabase and dropDatabase are for the PostgreSQL tests: a server
// URL whose user may CREATE DATABASE, and a fresh database name.
func pgAdmin(ctx context.Context, serverURL, stmt string) error {
	c, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, stmt)
	return err
}

// withDatabase returns the server URL with its database replaced by name.
func withDatabase(serverURL, name string) (string, error) {
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// lockImports makes concurrent imports take turns, from the start of the
// transaction to its end, so that the checks made inside it (already
// imported? another file under the same number?) hold until the commit.
// SQLite's BEGIN IMMEDIATE (_txlock) already does; PostgreSQL locks
// hq_imports against other writers (readers, the report, go on).
func (d dialect) lockImports(ctx context.Context, q querier) error {
	if d.kind != kindPostgres {
		return nil
	}
	_, err := q.Exec(ctx, "LOCK TABLE hq_imports IN EXCLUSIVE MODE")
	return err
}
