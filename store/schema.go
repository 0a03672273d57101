package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// The schema check of a backup.
//
// A backup must have exactly the schema this program's migrations make at
// the backup's recorded version: every table with its columns (type, NOT
// NULL, default, primary key), foreign keys and CREATE statement, and every
// index, trigger and view. The expected schema is made by running the
// embedded migrations 1…version on an empty in-memory database, the way
// migrate does, and described in the same words as the backup's.

// expectedSchemas caches the expected description per schema version.
var expectedSchemas sync.Map // int → map[string]string

// schemaDifference compares the schema of conn with the migrations' at
// version and returns the first difference in Chinese, "" when they match.
func schemaDifference(ctx context.Context, conn *sql.DB, version int) (string, error) {
	want, err := expectedSchema(ctx, version)
	if err != nil {
		return "", err
	}
	have, err := describeSchema(ctx, conn)
	if err != nil {
		return "", err
	}
	keys := make([]string, 0, len(want)+len(have))
	for k := range want {
		keys = append(keys, k)
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	// Tables and their columns first: they are what breaks the program.
	rank := func(k string) int {
		if strings.HasPrefix(k, "表 ") {
			return 0
		}
		return 1
	}
	sort.Slice(keys, func(i, j int) bool {
		if ri, rj := rank(keys[i]), rank(keys[j]); ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		w, inWant := want[k]
		h, inHave := have[k]
		switch {
		case !inHave:
			return "缺少" + k + "（" + w + "）", nil
		case !inWant:
			return "多出" + k + "（" + h + "）", nil
		case w != h:
			return k + "不同：备份中为“" + h + "”，应为“" + w + "”", nil
		}
	}
	return "", nil
}

// expectedSchema describes the schema the migrations make at version.
func expectedSchema(ctx context.Context, version int) (map[string]string, error) {
	if v, ok := expectedSchemas.Load(version); ok {
		return v.(map[string]string), nil
	}
	ms := migrationFiles()
	if version < 1 || version > len(ms) {
		return nil, fmt.Errorf("schema version %d unknown", version)
	}
	conn, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1) // one connection: one in-memory database
	// As migrate makes it.
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return nil, err
	}
	for _, m := range ms[:version] {
		if _, err := conn.ExecContext(ctx, m.sql); err != nil {
			return nil, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	d, err := describeSchema(ctx, conn)
	if err != nil {
		return nil, err
	}
	expectedSchemas.Store(version, d)
	return d, nil
}

// describeSchema describes every table, column, foreign key, index,
// trigger and view of a database (SQLite's own sqlite_* objects aside) as
// "what" → "how", in the words the refusal message uses.
func describeSchema(ctx context.Context, conn *sql.DB) (map[string]string, error) {
	type object struct{ typ, name, tbl, sql string }
	rows, err := conn.QueryContext(ctx,
		"SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")
	if err != nil {
		return nil, err
	}
	var objs []object
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.typ, &o.name, &o.tbl, &o.sql); err != nil {
			rows.Close()
			return nil, err
		}
		objs = append(objs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	words := map[string]string{"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}
	out := map[string]string{}
	for _, o := range objs {
		what := words[o.typ]
		if what == "" {
			what = o.typ
		}
		if o.typ != "table" {
			out[what+" "+o.name] = "属于表 " + o.tbl + "：" + normalizeSQL(o.sql)
			continue
		}
		out["表 "+o.name] = "存在"
		out["表 "+o.name+" 的定义"] = normalizeSQL(o.sql)
		cols, err := conn.QueryContext(ctx, "SELECT name, type, \"notnull\", COALESCE(dflt_value, ''), pk FROM pragma_table_info(?)", o.name)
		if err != nil {
			return nil, err
		}
		for cols.Next() {
			var name, typ, dflt string
			var notnull, pk int
			if err := cols.Scan(&name, &typ, &notnull, &dflt, &pk); err != nil {
				cols.Close()
				return nil, err
			}
			d := "类型 " + typ
			if typ == "" {
				d = "无类型"
			}
			if notnull != 0 {
				d += "，NOT NULL"
			}
			if dflt != "" {
				d += "，默认值 " + dflt
			}
			if pk != 0 {
				d += fmt.Sprintf("，主键第 %d 列", pk)
			}
			out["表 "+o.name+" 的列 "+name] = d
		}
		cols.Close()
		if err := cols.Err(); err != nil {
			return nil, err
		}
		fks, err := conn.QueryContext(ctx, "SELECT id, seq, \"table\", \"from\", COALESCE(\"to\", ''), on_delete FROM pragma_foreign_key_list(?)", o.name)
		if err != nil {
			return nil, err
		}
		for fks.Next() {
			var id, seq int
			var table, from, to, onDelete string
			if err := fks.Scan(&id, &seq, &table, &from, &to, &onDelete); err != nil {
				fks.Close()
				return nil, err
			}
			out[fmt.Sprintf("表 %s 的外键 %s", o.name, from)] = fmt.Sprintf("引用 %s(%s)，删除时 %s", table, to, onDelete)
		}
		fks.Close()
		if err := fks.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// normalizeSQL collapses white space, so indentation does not count.
func normalizeSQL(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
