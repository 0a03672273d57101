package store

import (
	"context"
	"database/sql"
	"testing"
)

// TestOpen_CacheSize: every pooled connection keeps SQLite's default page
// cache (2 MiB). A bigger one per connection cost 30 MB of the window's
// peak memory after log-in (issue 17; see dsnQuery) — raise it only with
// scripts/bench-startup.sh's figures beside the speed it buys.
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
		if kib != -2000 {
			t.Fatalf("connection %d: PRAGMA cache_size = %d, want SQLite's default -2000 (2 MiB)", i+1, kib)
		}
	}
}
