package store

import (
	"context"
	"database/sql"
	"testing"
)

// TestOpen_CacheSize: every pooled connection keeps up to 8 MiB of pages,
// enough for the about 1,000 pages opening a customer with a hundred cases
// reads (issue 17; SQLite's default of 2 MiB evicted them on every open).
func TestOpen_CacheSize(t *testing.T) {
	db := mustOpenDB(t)
	ctx := context.Background()
	// Two connections at once: the setting is the DSN's, not one connection's.
	var conns []*sql.Conn
	for range 2 {
		c, err := db.db.Conn(ctx)
		must(t, err)
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		var kib int
		must(t, c.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&kib))
		if kib != -8192 {
			t.Fatalf("connection %d: PRAGMA cache_size = %d, want -8192 (8 MiB)", i+1, kib)
		}
	}
}
