package main

// hqdb.go opens head office's database (a SQLite file or a PostgreSQL URL),
// creates its schema and brings it up to date, and gives the rest of hqdesk
// one way to query either engine (queries written once, with ? placeholders).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"counterdesk/forms"
	"counterdesk/store"
)

// hqSchemaVersion is the version of HQ's own schema kept in hq_meta. Raise it
// with a step in migrateHQ when HQ's own tables change. (The branch tables
// follow store.ExportTables: a column a newer station exports is added at
// open.)
const hqSchemaVersion = 1

// hqDB is head office's consolidated database. It is used from one
// goroutine (one pgx connection, or a one-connection SQLite pool).
type hqDB struct {
	d   dialect
	sql *sql.DB   // SQLite
	pg  *pgx.Conn // PostgreSQL
}

// querier is what both hqDB and hqTx offer: queries written with ?
// placeholders, run on either engine.
type querier interface {
	Query(ctx context.Context, query string, args ...any) (hqRows, error)
	QueryRow(ctx context.Context, query string, args ...any) hqRow
	Exec(ctx context.Context, query string, args ...any) (int64, error)
}

// hqRows is a result set of either engine.
type hqRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// hqRow is one row of either engine; Scan returns sql.ErrNoRows (also for
// PostgreSQL) when there is none.
type hqRow interface {
	Scan(dest ...any) error
}

// openHQ opens (creating when missing) head office's database: dsn is a
// SQLite file path or a postgres:// / postgresql:// URL. It creates the
// schema — one table per store.ExportTables entry plus branch, station,
// _gen, _seq, _deleted, and HQ's own hq_stations, hq_imports, hq_meta — and
// brings an older one up to date. Errors are *forms.Error with a Chinese
// message naming the database.
func openHQ(ctx context.Context, dsn string) (*hqDB, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, forms.Errorf(forms.EINVALID, "没有指定总部数据库：请用 --db 给出 SQLite 文件路径或 postgres:// 地址 (no --db given)")
	}
	d := dialectFor(dsn)
	h := &hqDB{d: d}
	if err := d.connect(ctx, h, dsn); err != nil {
		return nil, forms.Errorf(forms.EINVALID, "无法打开总部数据库 %s：%v。请检查路径或地址、用户名和密码 (cannot open the database)", redact(dsn), err)
	}
	if err := h.migrate(ctx); err != nil {
		h.Close()
		var fe *forms.Error
		if errors.As(err, &fe) {
			return nil, err
		}
		return nil, forms.Errorf(forms.EINTERNAL, "总部数据库 %s 无法建立或升级表结构：%v (schema)", redact(dsn), err)
	}
	return h, nil
}

// redact hides the password of a PostgreSQL URL in messages.
func redact(dsn string) string {
	if dialectFor(dsn).kind != kindPostgres {
		return dsn
	}
	i := strings.Index(dsn, "://")
	at := strings.LastIndex(dsn, "@")
	if i < 0 || at < i {
		return dsn
	}
	cred := dsn[i+3 : at]
	if c := strings.Index(cred, ":"); c >= 0 {
		return dsn[:i+3] + cred[:c] + ":***" + dsn[at:]
	}
	return dsn
}

// Kind is "sqlite" or "postgres".
func (h *hqDB) Kind() string { return h.d.kind }

// Close closes the database.
func (h *hqDB) Close() error {
	if h.pg != nil {
		err := h.pg.Close(context.Background())
		h.pg = nil
		return err
	}
	if h.sql != nil {
		err := h.sql.Close()
		h.sql = nil
		return err
	}
	return nil
}

// rebind turns a query written with ? placeholders into the engine's form.
func (h *hqDB) rebind(query string) string { return h.d.rebind(query) }

// Query runs a query written with ? placeholders.
func (h *hqDB) Query(ctx context.Context, query string, args ...any) (hqRows, error) {
	if h.pg != nil {
		r, err := h.pg.Query(ctx, h.rebind(query), args...)
		if err != nil {
			return nil, err
		}
		return &pgRows{r: r}, nil
	}
	return h.sql.QueryContext(ctx, query, args...)
}

// QueryRow runs a query expected to return at most one row.
func (h *hqDB) QueryRow(ctx context.Context, query string, args ...any) hqRow {
	if h.pg != nil {
		return pgRow{h.pg.QueryRow(ctx, h.rebind(query), args...)}
	}
	return h.sql.QueryRowContext(ctx, query, args...)
}

// Exec runs a statement and returns the rows it affected.
func (h *hqDB) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if h.pg != nil {
		tag, err := h.pg.Exec(ctx, h.rebind(query), args...)
		return tag.RowsAffected(), err
	}
	res, err := h.sql.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// hqTx is one transaction of either engine.
type hqTx struct {
	d   dialect
	sql *sql.Tx
	pg  pgx.Tx
}

// Query runs a query written with ? placeholders inside the transaction.
func (t *hqTx) Query(ctx context.Context, query string, args ...any) (hqRows, error) {
	if t.pg != nil {
		r, err := t.pg.Query(ctx, t.d.rebind(query), args...)
		if err != nil {
			return nil, err
		}
		return &pgRows{r: r}, nil
	}
	return t.sql.QueryContext(ctx, query, args...)
}

// QueryRow runs a query expected to return at most one row.
func (t *hqTx) QueryRow(ctx context.Context, query string, args ...any) hqRow {
	if t.pg != nil {
		return pgRow{t.pg.QueryRow(ctx, t.d.rebind(query), args...)}
	}
	return t.sql.QueryRowContext(ctx, query, args...)
}

// Exec runs a statement inside the transaction.
func (t *hqTx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if t.pg != nil {
		tag, err := t.pg.Exec(ctx, t.d.rebind(query), args...)
		return tag.RowsAffected(), err
	}
	res, err := t.sql.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// inTx runs fn in one transaction: committed when fn returns nil, rolled
// back (nothing changed) otherwise.
func (h *hqDB) inTx(ctx context.Context, fn func(tx *hqTx) error) error {
	tx := &hqTx{d: h.d}
	if h.pg != nil {
		t, err := h.pg.Begin(ctx)
		if err != nil {
			return err
		}
		tx.pg = t
	} else {
		t, err := h.sql.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		tx.sql = t
	}
	if err := fn(tx); err != nil {
		if tx.pg != nil {
			tx.pg.Rollback(context.Background())
		} else {
			tx.sql.Rollback()
		}
		return err
	}
	if tx.pg != nil {
		return tx.pg.Commit(ctx)
	}
	return tx.sql.Commit()
}

// pgRows adapts pgx.Rows to hqRows.
type pgRows struct{ r pgx.Rows }

func (p *pgRows) Next() bool             { return p.r.Next() }
func (p *pgRows) Scan(dest ...any) error { return p.r.Scan(dest...) }
func (p *pgRows) Err() error             { return p.r.Err() }
func (p *pgRows) Close() error           { p.r.Close(); return p.r.Err() }

// pgRow adapts pgx.Row, turning pgx.ErrNoRows into sql.ErrNoRows.
type pgRow struct{ r pgx.Row }

func (p pgRow) Scan(dest ...any) error {
	err := p.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sql.ErrNoRows
	}
	return err
}

// quoteIdent quotes a table or column name for both engines.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// identList quotes and joins names with ", ".
func identList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// hqKey is the primary key of an HQ branch table: branch, station, then the
// station table's key columns.
func hqKey(t store.ExportTable) []string {
	return append([]string{"branch", "station"}, t.Key...)
}

// hqColumns is every column of an HQ branch table, in order: branch,
// station, the exported columns, _gen, _seq, _deleted.
func hqColumns(t store.ExportTable) []string {
	cols := []string{"branch", "station"}
	for _, c := range t.Columns {
		cols = append(cols, c.Name)
	}
	return append(cols, "_gen", "_seq", "_deleted")
}

// migrate creates what is missing: HQ's own tables, then one table per
// exported table, adding the columns a newer program exports.
func (h *hqDB) migrate(ctx context.Context) error {
	return h.inTx(ctx, func(tx *hqTx) error {
		d := h.d
		own := []string{
			`CREATE TABLE IF NOT EXISTS hq_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
			fmt.Sprintf(`CREATE TABLE IF NOT EXISTS hq_stations (
				branch TEXT NOT NULL,
				station INTEGER NOT NULL,
				gen INTEGER NOT NULL,
				public_key TEXT NOT NULL UNIQUE,
				fingerprint TEXT NOT NULL,
				training %s NOT NULL DEFAULT 0,
				registered_at TEXT NOT NULL,
				replaced_at TEXT,
				PRIMARY KEY (branch, station, gen))`, d.smallIntType()),
			fmt.Sprintf(`CREATE TABLE IF NOT EXISTS hq_imports (
				sha256 TEXT PRIMARY KEY,
				branch TEXT NOT NULL,
				station INTEGER NOT NULL,
				gen INTEGER NOT NULL,
				number %[1]s NOT NULL,
				from_seq %[1]s NOT NULL,
				to_seq %[1]s NOT NULL,
				rows %[1]s NOT NULL,
				training %[2]s NOT NULL DEFAULT 0,
				file_name TEXT NOT NULL,
				imported_at TEXT NOT NULL,
				UNIQUE (branch, station, gen, number))`, d.seqType(), d.smallIntType()),
		}
		for _, s := range own {
			if _, err := tx.Exec(ctx, s); err != nil {
				return err
			}
		}
		var v string
		err := tx.QueryRow(ctx, "SELECT value FROM hq_meta WHERE key = 'schema'").Scan(&v)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.Exec(ctx, "INSERT INTO hq_meta (key, value) VALUES ('schema', ?)", fmt.Sprint(hqSchemaVersion)); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			var n int
			fmt.Sscan(v, &n)
			if n > hqSchemaVersion {
				return forms.Errorf(forms.EINVALID, "总部数据库由更新版本的 hqdesk 建立（表结构第 %d 版，本程序只认识到第 %d 版），请升级 hqdesk (database is newer than this hqdesk)", n, hqSchemaVersion)
			}
			// Future steps: if n < 2 { … }; then record the new version.
			if n < hqSchemaVersion {
				if _, err := tx.Exec(ctx, "UPDATE hq_meta SET value = ? WHERE key = 'schema'", fmt.Sprint(hqSchemaVersion)); err != nil {
					return err
				}
			}
		}
		for _, t := range store.ExportTables {
			if err := ensureTable(ctx, tx, t); err != nil {
				return fmt.Errorf("table %s: %w", t.Name, err)
			}
		}
		// The month report's indexes (report.go): made once, after the tables.
		for _, s := range reportIndexes() {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("report index: %w", err)
			}
		}
		return nil
	})
}

// reportIndexesOn returns the names of the report indexes (reportIndexes)
// on table; an import into an empty table drops them and makes them again
// after its rows.
func reportIndexesOn(table string) []string {
	var names []string
	for _, q := range reportIndexes() {
		// CREATE INDEX IF NOT EXISTS name ON table (columns)
		f := strings.Fields(q)
		if len(f) >= 8 && strings.EqualFold(f[6], "ON") && f[7] == table {
			names = append(names, f[5])
		}
	}
	return names
}

// ensureTable creates the HQ table for an exported table, or adds the
// exported columns it lacks (a newer station program exports more).
func ensureTable(ctx context.Context, tx *hqTx, t store.ExportTable) error {
	d := tx.d
	have, err := d.tableColumns(ctx, tx, t.Name)
	if err != nil {
		return err
	}
	if have == nil {
		defs := []string{"branch TEXT NOT NULL", "station INTEGER NOT NULL"}
		for _, c := range t.Columns {
			if c.Name == "branch" || c.Name == "station" || strings.HasPrefix(c.Name, "_") {
				return fmt.Errorf("exported column %s clashes with an HQ column", c.Name)
			}
			typ, err := d.columnType(c.Type)
			if err != nil {
				return err
			}
			defs = append(defs, quoteIdent(c.Name)+" "+typ)
		}
		defs = append(defs,
			"_gen INTEGER NOT NULL",
			"_seq "+d.seqType()+" NOT NULL",
			"_deleted "+d.smallIntType()+" NOT NULL DEFAULT 0",
			"PRIMARY KEY ("+identList(hqKey(t))+")")
		_, err := tx.Exec(ctx, fmt.Sprintf("CREATE TABLE %s (\n\t%s)", quoteIdent(t.Name), strings.Join(defs, ",\n\t")))
		return err
	}
	for _, c := range t.Columns {
		if have[strings.ToLower(c.Name)] {
			continue
		}
		typ, err := d.columnType(c.Type)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", quoteIdent(t.Name), quoteIdent(c.Name), typ)); err != nil {
			return err
		}
	}
	return nil
}
