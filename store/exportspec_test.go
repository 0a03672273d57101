package store

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// exportExcludedTables are the station's tables that are NOT sent to head
// office, each with the reason. A new table must go either here or into
// ExportTables.
var exportExcludedTables = map[string]string{
	"customer_terms":     "derived: the search index of customers",
	"search_backfill":    "this PC's progress of indexing its customers for search",
	"talent_paid_tally":  "derived: the count of members by paid-through month",
	"fee_talent_tally":   "derived: the count of current members by talent-reserve base (store/reminders.go)",
	"fee_base_tally":     "derived: the count of current members by both fee bases and archive_until (store/reminders.go)",
	"backups":            "this PC's backup files",
	"catalogue_defaults": "this PC's record of shipped catalogue defaults",
	"schema_migrations":  "this PC's schema history",
	"changes":            "the export's own change sequence",
	"station_keys":       "the station's signing key (secret)",
	"exports":            "this PC's record of export files",
	"export_floor":       "this PC's export numbering floor",
	"sqlite_sequence":    "SQLite's own",
	"unprinted_receipts": "derived: the receipts not yet printed, kept by triggers (0022, store/prints.go)",
	"lockouts":           "this PC's count of wrong passwords and recovery codes (locks are in the audit log)",
}

// exportExcludedColumns are the columns of exported tables that are NOT
// sent: secrets, and what the station derives.
var exportExcludedColumns = map[string]string{
	"customers.name_sort":   "derived: the pinyin sort key of the name (store/collate.go)",
	"station.recovery_hash": "secret: the hash of the supervisor recovery code",
	"users.password_hash":   "secret: the hash of the user's password",
}

// TestExportTables_MatchSchema compares ExportTables with the live schema
// of a freshly migrated database: every table is exported or excluded,
// every column of an exported table is exported (in table order, with its
// declared type) or excluded, and the keys are the tables' primary keys.
func TestExportTables_MatchSchema(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)

	var tables []string
	rows, err := db.db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	must(t, err)
	for rows.Next() {
		var n string
		must(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	must(t, rows.Err())
	rows.Close()

	live := map[string]bool{}
	for _, name := range tables {
		live[name] = true
		_, exported := ExportTableByName(name)
		_, excluded := exportExcludedTables[name]
		switch {
		case exported && excluded:
			t.Errorf("table %s is both exported and excluded", name)
		case !exported && !excluded:
			t.Errorf("table %s is neither in ExportTables nor in exportExcludedTables: decide whether head office gets it", name)
		}
	}
	for name := range exportExcludedTables {
		if !live[name] {
			t.Errorf("excluded table %s is not in the schema", name)
		}
	}

	for _, et := range ExportTables {
		if !live[et.Name] {
			t.Errorf("exported table %s is not in the schema", et.Name)
			continue
		}
		type col struct {
			name, typ string
			pk        int
		}
		var cols []col
		rows, err := db.db.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", et.Name)
		must(t, err)
		for rows.Next() {
			var c col
			must(t, rows.Scan(&c.name, &c.typ, &c.pk))
			cols = append(cols, c)
		}
		must(t, rows.Err())
		rows.Close()

		var want []ExportColumn
		var key []string
		pks := map[int]string{}
		for _, c := range cols {
			if c.pk > 0 {
				pks[c.pk] = c.name
			}
			if _, ok := exportExcludedColumns[et.Name+"."+c.name]; ok {
				continue
			}
			want = append(want, ExportColumn{Name: c.name, Type: strings.ToUpper(c.typ)})
		}
		for i := 1; i <= len(pks); i++ {
			key = append(key, pks[i])
		}
		if !reflect.DeepEqual(et.Columns, want) {
			t.Errorf("ExportTables[%s].Columns =\n%v\nschema (less exportExcludedColumns) =\n%v", et.Name, et.Columns, want)
		}
		if alt, ok := exportKeyNotPrimary[et.Name]; ok {
			// Keyed by another column: it must be UNIQUE and NOT NULL.
			if !reflect.DeepEqual(et.Key, alt) || !uniqueNotNull(t, db, et.Name, alt[0]) {
				t.Errorf("ExportTables[%s].Key = %v; want %v, a UNIQUE NOT NULL column", et.Name, et.Key, alt)
			}
		} else if !reflect.DeepEqual(et.Key, key) {
			t.Errorf("ExportTables[%s].Key = %v, primary key = %v", et.Name, et.Key, key)
		}
		if len(et.Key) < 1 || len(et.Key) > 2 {
			t.Errorf("ExportTables[%s].Key has %d columns; changes holds 1 or 2", et.Name, len(et.Key))
		}
		for _, c := range et.Columns {
			switch c.Type {
			case "TEXT", "INTEGER", "REAL", "BLOB":
			default:
				t.Errorf("%s.%s has type %q, not TEXT, INTEGER, REAL or BLOB", et.Name, c.Name, c.Type)
			}
		}
	}
	for k := range exportExcludedColumns {
		tbl, colName, _ := strings.Cut(k, ".")
		found := false
		rows, err := db.db.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", tbl)
		must(t, err)
		for rows.Next() {
			var n string
			must(t, rows.Scan(&n))
			found = found || n == colName
		}
		rows.Close()
		if !found {
			t.Errorf("excluded column %s is not in the schema", k)
		}
	}
}

// TestExportTables_ParentsFirst checks that every foreign key of an
// exported table points to the same table or to one earlier in the list,
// so head office can insert the rows of one export in list order.
func TestExportTables_ParentsFirst(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	for i, et := range ExportTables {
		rows, err := db.db.QueryContext(ctx, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, et.Name)
		must(t, err)
		for rows.Next() {
			var parent string
			must(t, rows.Scan(&parent))
			if parent == et.Name {
				continue
			}
			j, ok := exportTableIndex[parent]
			if !ok {
				t.Errorf("%s refers to %s, which is not exported", et.Name, parent)
			} else if j > i {
				t.Errorf("%s (place %d) refers to %s (place %d): parents must come first", et.Name, i, parent, j)
			}
		}
		rows.Close()
	}
}

// TestExportTableByName covers the lookup and its miss.
func TestExportTableByName(t *testing.T) {
	et, ok := ExportTableByName("services")
	if !ok || !reflect.DeepEqual(et.Key, []string{"code", "version"}) {
		t.Fatalf("ExportTableByName(services) = %v, %v", et, ok)
	}
	if names := et.ColumnNames(); len(names) != len(et.Columns) || names[0] != "id" {
		t.Fatalf("ColumnNames = %v", names)
	}
	for _, name := range []string{"station_keys", "changes", "customer_terms", "", "Customers"} {
		if _, ok := ExportTableByName(name); ok {
			t.Errorf("ExportTableByName(%q) found a table", name)
		}
	}
	u, _ := ExportTableByName("users")
	s, _ := ExportTableByName("station")
	for _, c := range append(u.ColumnNames(), s.ColumnNames()...) {
		if strings.Contains(c, "hash") {
			t.Errorf("a secret column is exported: %s", c)
		}
	}
	names := make([]string, len(ExportTables))
	for i, et := range ExportTables {
		names[i] = et.Name
	}
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			t.Errorf("table %s listed twice", sorted[i])
		}
	}
}

// exportKeyNotPrimary lists the tables exported under a key other than
// their primary key. audit_log's seq is the station's own order, and a
// restored backup gives seqs again to new entries; head office must keep
// both, so it keys the log by the entry's UUID (trial 15b, D1).
var exportKeyNotPrimary = map[string][]string{"audit_log": {"id"}}

// uniqueNotNull reports whether column col of table is NOT NULL and alone
// in a UNIQUE index.
func uniqueNotNull(t *testing.T, db *DB, table, col string) bool {
	t.Helper()
	var notNull int
	must(t, db.db.QueryRow("SELECT \"notnull\" FROM pragma_table_info(?) WHERE name = ?", table, col).Scan(&notNull))
	if notNull != 1 {
		return false
	}
	var n int
	must(t, db.db.QueryRow(`SELECT count(*) FROM pragma_index_list(?) il
		WHERE il."unique" = 1 AND (SELECT count(*) FROM pragma_index_info(il.name)) = 1
		AND (SELECT name FROM pragma_index_info(il.name)) = ?`, table, col).Scan(&n))
	return n > 0
}
