package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"counterdesk/forms"
)

// The audit chain (migration 0017).
//
// Every audit entry carries prev_hash, the hash of the entry before it, and
// hash = forms.AuditEntry.ChainHash(prev_hash); audit() writes both in the
// transaction of the change it records. Entries written before 0017 were
// sealed into the chain by sealAuditChain during the upgrade.
//
// The hash names the form of the entry's before and after (issue 17):
// entries written before it (and sealed ones) are v1, whole records
// (ChainHashV1); entries written since are v2, an update cut down to the
// fields that changed (ChainHash). The walk starts in v1 and moves to v2 at
// the first entry that verifies as v2; an entry after that which verifies
// only as v1 was not written by this program (a forged mix) and is
// reported. An entry whose form was changed no longer matches its hash. Verifying
// walks the chain in seq order and reports every entry that was changed,
// inserted or removed, compares every receipt with its audit entries, and
// compares the database's triggers with the ones the migrations make.
//
// What the chain cannot prove: whoever rewrites the whole chain from the
// changed entry on (recomputing every later hash, which needs no secret)
// or appends well-formed entries at its end is caught only by comparing
// the head hash with a copy kept elsewhere (AuditCheck.Head: printed by
// `counterdesk verify`, recorded by every audit.verify entry).

// Audit actions of the chain itself.
const (
	ActAuditSeal   = "audit.seal"   // the upgrade sealed the entries written before the chain
	ActAuditVerify = "audit.verify" // a supervisor verified the chain from the audit screen
)

// msgAuditVerifySupervisor refuses a verification to a clerk.
const msgAuditVerifySupervisor = "只有主管可以校验审计日志，请主管登录后在“审计日志”中校验"

// chainRing is how many of the latest entries the walk remembers, to find
// where an entry that does not link to the one before it links to instead
// (entries inserted in between).
const chainRing = 4096

// renumberTries is how many removed entries the walk looks for when an entry
// links to an unknown hash and its seq was moved down to hide a gap.
const renumberTries = 10000

// sealAuditChain is migration 0017's Go step, in the migration's
// transaction: it gives every entry without a hash (all entries written
// before the chain) its prev_hash and hash (the whole-record form v1,
// forms.AuditEntry.ChainHashV1), in seq order, and records one
// audit.seal entry saying how many it sealed and the head hash. A log with
// nothing to seal records nothing.
func sealAuditChain(ctx context.Context, tx *txn) error {
	const batch = 2000
	var after int64
	prev := ""
	sealed := 0
	for {
		rows, err := tx.QueryContext(ctx, `SELECT `+chainColumns+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
			after, batch)
		if err != nil {
			return fmt.Errorf("seal audit log: %w", err)
		}
		var page []chainRow
		for rows.Next() {
			r, err := scanChainRow(rows)
			if err != nil {
				rows.Close()
				return err
			}
			page = append(page, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("seal audit log: %w", err)
		}
		if len(page) == 0 {
			break
		}
		for _, r := range page {
			after = r.e.Seq
			if r.hash.Valid {
				prev = r.hash.String
				continue
			}
			h := r.e.ChainHashV1(prev) // whole records, as they were written
			if _, err := tx.ExecContext(ctx, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
				prev, h, r.e.Seq); err != nil {
				return fmt.Errorf("seal audit entry %d: %w", r.e.Seq, err)
			}
			prev = h
			sealed++
		}
	}
	if sealed == 0 {
		return nil
	}
	return audit(ctx, tx, nil, auditRec{action: ActAuditSeal, entity: "audit",
		note: fmt.Sprintf("升级：%d 条旧审计记录已按顺序封入哈希链，链头 %s", sealed, prev)})
}

// chainColumns are the audit_log columns a chain row is read from, in
// scanChainRow's order.
const chainColumns = `seq, id, at, user_id, user_name, approved_by, action, entity, entity_id,
	before_json, after_json, note, prev_hash, hash`

// chainRow is one audit entry as stored: e with its fields, and the
// nullable columns as they are (prev_hash, hash, and whether a nullable
// column held an empty string, which the program never writes).
type chainRow struct {
	e          forms.AuditEntry
	prev, hash sql.NullString
	emptyNull  string // the nullable column that holds "" instead of NULL
}

// scanChainRow reads one row of chainColumns. Every column is read as
// nullable text, so a tampered row never stops the walk.
func scanChainRow(rows *sql.Rows) (chainRow, error) {
	var r chainRow
	var id, at, userID, userName, approved, action, entity, entityID, before, after, note sql.NullString
	if err := rows.Scan(&r.e.Seq, &id, &at, &userID, &userName, &approved, &action, &entity, &entityID,
		&before, &after, &note, &r.prev, &r.hash); err != nil {
		return r, fmt.Errorf("read audit entry: %w", err)
	}
	r.e.ID, r.e.AtText, r.e.UserID, r.e.UserName = id.String, at.String, userID.String, userName.String
	r.e.ApprovedBy, r.e.Action, r.e.Entity, r.e.EntityID = approved.String, action.String, entity.String, entityID.String
	r.e.Before, r.e.After, r.e.Note = before.String, after.String, note.String
	r.e.PrevHash, r.e.Hash = r.prev.String, r.hash.String
	for _, c := range []struct {
		name string
		v    sql.NullString
	}{{"user_id", userID}, {"before_json", before}, {"after_json", after}} {
		if c.v.Valid && c.v.String == "" {
			r.emptyNull = c.name
		}
	}
	return r, nil
}

// VerifyAudit walks the whole audit chain in one read transaction and
// returns what it found (see forms.AuditCheck): entries changed, inserted
// or removed, receipts that disagree with their audit entries, and
// protecting triggers missing, changed or added. It records nothing and
// needs no log-in (VerifyAuditAs is the supervisor screen's recorded run);
// the error is only for a database that cannot be read.
func (db *DB) VerifyAudit(ctx context.Context) (forms.AuditCheck, error) {
	return db.verifyHead(ctx, "")
}

// VerifyAuditAs is VerifyAudit run by a supervisor from the audit screen:
// the walk (a read transaction, so the counter is never held up) is
// followed by one audit.verify entry with its result and head hash, which
// keeps a copy of the head in the log itself. A clerk is refused
// (EFORBIDDEN) with nothing recorded.
func (db *DB) VerifyAuditAs(ctx context.Context, a forms.Actor) (forms.AuditCheck, error) {
	return db.verifyAs(ctx, a, "")
}

// verifyAs is VerifyAuditAs checking head ("" for none, else already read
// by forms.ParseAuditHead): the supervisor is checked before the walk and
// again in the transaction that records the audit.verify entry.
func (db *DB) verifyAs(ctx context.Context, a forms.Actor, head string) (forms.AuditCheck, error) {
	if err := db.checkVerifier(ctx, a); err != nil {
		return forms.AuditCheck{}, err
	}
	c, err := db.verifyHead(ctx, head)
	if err != nil {
		return c, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return c, err
	}
	if !w.user.IsSupervisor() {
		return c, forms.Errorf(forms.EFORBIDDEN, msgAuditVerifySupervisor)
	}
	note := AuditSummary(c)
	if head != "" {
		note += "（核对另存的链头哈希 " + head + "）"
	}
	if err := audit(ctx, tx, w, auditRec{action: ActAuditVerify, entity: "audit", after: c, note: note}); err != nil {
		return c, err
	}
	return c, tx.commit()
}

// checkVerifier refuses anyone but a logged-in supervisor before the walk.
func (db *DB) checkVerifier(ctx context.Context, a forms.Actor) error {
	tx, err := db.beginRead(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := actor(ctx, tx, a)
	if err != nil {
		return err
	}
	if !w.user.IsSupervisor() {
		return forms.Errorf(forms.EFORBIDDEN, msgAuditVerifySupervisor)
	}
	return nil
}

// AuditSummary says in one Chinese line what a verification found and
// what it covers (forms.AuditScope: customers and the other tables are not
// in the chain). The head named is the newest entry whose hash verified;
// when newer entries do not verify it says the chain breaks after it.
func AuditSummary(c forms.AuditCheck) string {
	head := fmt.Sprintf("链头 %s", c.Head)
	if c.Last > c.HeadSeq {
		head = fmt.Sprintf("最后一条相符的记录为第 %d 条（哈希 %s），哈希链在其后断开", c.HeadSeq, c.Head)
	}
	if c.OK() {
		return fmt.Sprintf("审计日志完好：%d 条记录、%d 张收据均与哈希链相符，%s。%s", c.Entries, c.Receipts, head, forms.AuditScope)
	}
	s := fmt.Sprintf("审计日志有 %d 处问题（共 %d 条记录、%d 张收据，%s）", len(c.Problems), c.Entries, c.Receipts, head)
	if c.FirstBad > 0 {
		s += fmt.Sprintf("，最早一处在第 %d 条", c.FirstBad)
	}
	return s + "。" + forms.AuditScope
}

// VerifyFile verifies the audit chain of the database file at dbPath, as
// VerifyAudit does, without changing anything: the file is opened read-only
// with no migration and no recovery, so it works while Counter Desk is
// closed (read as immutable: nothing is written, not even SQLite's -wal
// and -shm files), and while it is open (a read transaction in WAL mode
// does not hold up the counter). A file that is missing, not a Counter Desk
// database, or of another schema version is an EINVALID *forms.Error in
// Chinese.
func VerifyFile(ctx context.Context, dbPath string) (forms.AuditCheck, error) {
	return VerifyFileHead(ctx, dbPath, "")
}

// VerifyFileHead is VerifyFile that also checks a head hash kept elsewhere
// (printed by an earlier check, recorded in an audit.verify entry, or the
// newest hash in an earlier backup or export): it must still be in the
// chain, else the chain was rewritten since — which the chain alone cannot
// show. head "" checks nothing more; a head that is not 64 hexadecimal
// digits is refused (EINVALID, forms.ParseAuditHead's message) before the
// file is opened, not reported as a rewritten chain.
func VerifyFileHead(ctx context.Context, dbPath, head string) (forms.AuditCheck, error) {
	head, err := forms.ParseAuditHead(head)
	if err != nil {
		return forms.AuditCheck{}, err
	}
	fi, err := os.Stat(dbPath)
	if err != nil || fi.IsDir() {
		return forms.AuditCheck{}, forms.Errorf(forms.EINVALID, "找不到数据库文件 %s，请检查数据目录（--data）是否正确", dbPath)
	}
	// With the program closed there is no -wal file: the file is read as
	// immutable, so not even SQLite's -wal and -shm companions are made.
	// With it open (or after an unclean stop) the -wal holds the newest
	// changes: read-only through SQLite's shared memory, beside the program.
	query := "mode=ro&_pragma=busy_timeout(5000)&_pragma=query_only(1)"
	if _, err := os.Stat(dbPath + "-wal"); errors.Is(err, os.ErrNotExist) {
		query = "mode=ro&immutable=1&_pragma=query_only(1)"
	}
	conn, err := sql.Open("sqlite", fileURI(dbPath, query))
	if err != nil {
		return forms.AuditCheck{}, fmt.Errorf("open database: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if err := conn.PingContext(ctx); err != nil {
		return forms.AuditCheck{}, notReadable(dbPath, err)
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return forms.AuditCheck{}, notReadable(dbPath, err)
	}
	defer tx.Rollback()
	have, err := schemaVersion(ctx, tx)
	if err != nil {
		return forms.AuditCheck{}, notReadable(dbPath, err)
	}
	latest := len(migrationFiles())
	switch {
	case have > latest:
		return forms.AuditCheck{}, forms.Errorf(forms.EINVALID,
			"数据库 %s 来自更新版本的柜台通（数据库第 %d 版，本程序第 %d 版），请用最新版本的 counterdesk verify 校验", dbPath, have, latest)
	case have < latest:
		return forms.AuditCheck{}, forms.Errorf(forms.EINVALID,
			"数据库 %s 是旧版本的（数据库第 %d 版，本程序第 %d 版），还没有审计哈希链：请先用本版柜台通打开一次完成升级，再校验", dbPath, have, latest)
	}
	return verifyAudit(ctx, tx, head)
}

// notReadable is VerifyFile's refusal of a file SQLite cannot read.
func notReadable(path string, err error) error {
	return &forms.Error{Code: forms.EINVALID, Key: KeyDamaged,
		Message: fmt.Sprintf("无法读取数据库 %s（不是柜台通数据库或已损坏）：%v", path, err)}
}

// chainQueryer is what verifyAudit reads through: a *txn or a *sql.Tx.
type chainQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// verifyAudit is VerifyAudit in q's read transaction; head, when not "",
// is a head hash kept elsewhere that must be in the chain.
func verifyAudit(ctx context.Context, q chainQueryer, head string) (forms.AuditCheck, error) {
	var c forms.AuditCheck
	w := newChainWalk(&c)
	w.wantHead = head
	rows, err := q.QueryContext(ctx, "SELECT "+chainColumns+" FROM audit_log ORDER BY seq")
	if err != nil {
		return c, fmt.Errorf("read audit log: %w", err)
	}
	for rows.Next() {
		r, err := scanChainRow(rows)
		if err != nil {
			rows.Close()
			return c, err
		}
		w.step(r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("read audit log: %w", err)
	}
	if head != "" && w.headSeq == 0 {
		w.report(0, forms.AuditChanged, fmt.Sprintf("另存的链头哈希 %s 不在审计日志中：从那以后链被整条改写过，或这不是当时的数据库", head))
	}
	if err := checkTail(ctx, q, w); err != nil {
		return c, err
	}
	if err := checkTriggers(ctx, q, w); err != nil {
		return c, err
	}
	if err := checkReceipts(ctx, q, w); err != nil {
		return c, err
	}
	if err := checkDeposits(ctx, q, w); err != nil {
		return c, err
	}
	w.finish()
	return c, nil
}

// finish fills in the check's head (the newest entry whose hash verified),
// relabels the newest entries whose content does not match their hash and
// after which no entry verifies (edited, or forged and appended: the chain
// alone cannot tell which), sorts the problems and finds the first bad
// entry.
func (w *chainWalk) finish() {
	c := w.c
	c.Head, c.HeadSeq, c.Last = w.goodHash, w.goodSeq, w.maxSeq
	for i, p := range c.Problems {
		if p.Kind == forms.AuditChanged && p.Seq > w.goodSeq && w.mismatch[p.Seq] {
			c.Problems[i].Kind = forms.AuditInserted
			c.Problems[i].Detail = fmt.Sprintf("第 %d 条记录的内容与其哈希不符，其后再没有相符的记录：是伪造后添在末尾的记录，或写入后被改动（哈希链在第 %d 条之后断开）", p.Seq, w.goodSeq)
		}
	}
	sort.SliceStable(c.Problems, func(i, j int) bool {
		pi, pj := c.Problems[i], c.Problems[j]
		if (pi.Seq == 0) != (pj.Seq == 0) {
			return pj.Seq == 0 // the ones about no entry (triggers) last
		}
		return pi.Seq < pj.Seq
	})
	for _, p := range c.Problems {
		if p.Seq > 0 && (p.Kind == forms.AuditChanged || p.Kind == forms.AuditInserted || p.Kind == forms.AuditRemoved) {
			if c.FirstBad == 0 || p.Seq < c.FirstBad {
				c.FirstBad = p.Seq
			}
		}
	}
}

// chainLink is an entry the walk remembers: its stored seq and the seq it
// had when it was written (they differ once entries before it were
// inserted or removed and the later ones renumbered).
type chainLink struct {
	seq, orig int64
}

// chainWalk is the state of a walk along the chain.
type chainWalk struct {
	c         *forms.AuditCheck
	prevSeq   int64  // stored seq of the entry before
	prevOrig  int64  // the seq it was written with
	prevHash  string // its stored hash ("" before the first)
	shift     int64  // written seq = stored seq + shift
	ring      map[string]chainLink
	order     []string // ring's hashes, oldest first
	seen      map[[2]any]bool
	maxSeq    int64
	wantHead  string         // a head hash kept elsewhere, "" for none
	headSeq   int64          // the entry whose hash is wantHead, once seen
	goodHash  string         // the stored hash of the newest entry whose hash verified
	goodSeq   int64          // its seq
	mismatch  map[int64]bool // entries whose content does not match their hash
	delta     bool           // an entry of the delta form (v2) verified: every later one must be v2
	deltaFrom int64          // the first such entry's seq
}

func newChainWalk(c *forms.AuditCheck) *chainWalk {
	w := &chainWalk{c: c, ring: map[string]chainLink{}, seen: map[[2]any]bool{}, mismatch: map[int64]bool{}}
	w.ring[""] = chainLink{} // the start of the chain
	return w
}

// report adds a problem once per entry and kind.
func (w *chainWalk) report(seq int64, kind, detail string) {
	k := [2]any{seq, kind}
	if seq > 0 && w.seen[k] {
		return
	}
	w.seen[k] = true
	w.c.Problems = append(w.c.Problems, forms.AuditProblem{Seq: seq, Kind: kind, Detail: detail})
}

// step checks one entry against the one before it.
func (w *chainWalk) step(r chainRow) {
	w.c.Entries++
	s := r.e.Seq
	w.maxSeq = s
	prev := r.prev.String
	form := 0 // the form (forms.AuditFormWhole or AuditFormDelta) the entry's hash verified as
	hashOK := func(orig int64) bool {
		if !r.hash.Valid {
			return false
		}
		e := r.e
		e.Seq = orig
		forms2 := [2]int{forms.AuditFormWhole, forms.AuditFormDelta}
		if w.delta {
			forms2 = [2]int{forms.AuditFormDelta, forms.AuditFormWhole}
		}
		for _, f := range forms2 {
			if e.ChainHashForm(prev, f) == r.hash.String {
				form = f
				return true
			}
		}
		return false
	}
	exp := w.prevOrig + 1 // the seq it was written with if it follows the entry before
	orig := s + w.shift
	gap := s != w.prevSeq+1
	verified := false
	mismatch := func() {
		w.mismatch[s] = true
		w.report(s, forms.AuditChanged, fmt.Sprintf("第 %d 条记录的内容与其哈希不符：记录写入后被改动", s))
	}

	switch {
	case !r.hash.Valid || !r.prev.Valid:
		w.report(s, forms.AuditChanged, fmt.Sprintf("第 %d 条记录没有哈希（未封入哈希链或哈希被清除）", s))
	case prev == w.prevHash:
		switch {
		case hashOK(orig):
			verified = true
			if orig > exp {
				w.removed(s, gap, orig-exp)
			} else if orig < exp {
				w.report(s, forms.AuditChanged, fmt.Sprintf("第 %d 条记录的编号被改动（写入时为第 %d 条）", s, orig))
			}
		case orig != exp && hashOK(exp):
			verified = true
			w.report(s, forms.AuditChanged, fmt.Sprintf("第 %d 条记录的编号被改动（写入时为第 %d 条）", s, exp))
			orig = exp
		default:
			mismatch()
		}
	default:
		if p, ok := w.ring[prev]; ok {
			// It links to an earlier entry: the ones after that entry were put in.
			n := 0
			for i := len(w.order) - 1; i >= 0; i-- {
				l := w.ring[w.order[i]]
				if l.seq <= p.seq {
					break
				}
				n++
			}
			for i := len(w.order) - n; i < len(w.order); i++ {
				l := w.ring[w.order[i]]
				w.report(l.seq, forms.AuditInserted, fmt.Sprintf("第 %d 条记录是插入的：其后的第 %d 条记录链接到第 %d 条，跳过了它", l.seq, s, p.seq))
			}
			exp = p.orig + 1
			switch {
			case hashOK(exp):
				orig, verified = exp, true
			case hashOK(orig):
				verified = true
			default:
				mismatch()
			}
			break
		}
		found := false
		for _, o := range []int64{orig, exp} {
			if hashOK(o) {
				orig, found = o, true
				break
			}
		}
		for d := int64(1); !found && d <= renumberTries; d++ {
			if hashOK(exp + d) {
				orig, found = exp+d, true
			}
		}
		verified = found
		switch {
		case !found:
			w.report(s, forms.AuditInserted, fmt.Sprintf("第 %d 条记录与前一条链接不上，内容也与哈希不符：是伪造插入或被整条改写的记录", s))
		case orig > exp:
			w.removed(s, gap, orig-exp)
		case w.prevSeq > 0:
			w.report(w.prevSeq, forms.AuditChanged, fmt.Sprintf("第 %d 条记录被改动（连同哈希一起改写）：第 %d 条记录链接的不是它", w.prevSeq, s))
		default:
			w.report(s, forms.AuditInserted, fmt.Sprintf("第 %d 条记录链接的前一条记录不存在", s))
		}
	}
	if r.emptyNull != "" {
		w.report(s, forms.AuditChanged, fmt.Sprintf("第 %d 条记录的 %s 被改成空字符串（程序只写空值 NULL）", s, r.emptyNull))
	}
	switch {
	case verified && form == forms.AuditFormWhole && w.delta:
		// The program writes v2 only since deltaFrom: a v1 entry after it
		// was made by another tool (or an older program) and linked in.
		verified = false
		w.report(s, forms.AuditInserted, fmt.Sprintf("第 %d 条记录是旧格式（整条记录，v1）的哈希，却在第 %d 条起的新格式记录之后：本程序不再写旧格式，是伪造后链入的记录", s, w.deltaFrom))
	case verified && form == forms.AuditFormDelta && !w.delta:
		w.delta, w.deltaFrom = true, s
	}
	h := r.hash.String
	if verified {
		w.goodHash, w.goodSeq = h, s
	}
	if w.wantHead != "" && h == w.wantHead {
		w.headSeq = s
	}
	if !r.hash.Valid {
		e := r.e
		e.Seq = orig
		h = e.ChainHashV1(prev)
		if w.delta {
			h = e.ChainHash(prev)
		}
	}
	w.remember(h, chainLink{seq: s, orig: orig})
	w.prevSeq, w.prevOrig, w.prevHash, w.shift = s, orig, h, orig-s
}

// removed reports n entries missing before the entry at stored seq s: a
// gap in seq (gap) or, when the later entries were renumbered to hide it,
// at s.
func (w *chainWalk) removed(s int64, gap bool, n int64) {
	if gap && s-w.prevSeq-1 == n {
		if n == 1 {
			w.report(w.prevSeq+1, forms.AuditRemoved, fmt.Sprintf("第 %d 条记录被删除", w.prevSeq+1))
		} else {
			w.report(w.prevSeq+1, forms.AuditRemoved, fmt.Sprintf("第 %d 至 %d 条记录被删除（%d 条）", w.prevSeq+1, s-1, n))
		}
		return
	}
	w.report(s, forms.AuditRemoved, fmt.Sprintf("第 %d 条记录之前有 %d 条记录被删除，之后的记录被重新编号", s, n))
}

// remember keeps the latest chainRing entries by hash.
func (w *chainWalk) remember(h string, l chainLink) {
	if _, dup := w.ring[h]; dup || h == "" {
		return
	}
	w.ring[h] = l
	w.order = append(w.order, h)
	if len(w.order) > chainRing {
		delete(w.ring, w.order[0])
		w.order = w.order[1:]
	}
}

// checkTail finds entries removed from the end of the log: SQLite's
// AUTOINCREMENT counter (sqlite_sequence) remembers the highest seq ever
// written, above the last entry when the newest entries were deleted.
func checkTail(ctx context.Context, q chainQueryer, w *chainWalk) error {
	var top sql.NullInt64
	err := q.QueryRowContext(ctx, "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").Scan(&top)
	if errors.Is(err, sql.ErrNoRows) {
		if w.maxSeq > 0 {
			w.report(w.maxSeq, forms.AuditRemoved, "SQLite 的编号计数（sqlite_sequence）中没有审计日志：计数被删除，最后的记录可能被删掉")
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("read sqlite_sequence: %w", err)
	}
	switch {
	case top.Int64 == w.maxSeq+1:
		w.report(w.maxSeq+1, forms.AuditRemoved, fmt.Sprintf("最后一条记录（第 %d 条）被删除", w.maxSeq+1))
	case top.Int64 > w.maxSeq:
		w.report(w.maxSeq+1, forms.AuditRemoved, fmt.Sprintf("最后 %d 条记录（第 %d 至 %d 条）被删除", top.Int64-w.maxSeq, w.maxSeq+1, top.Int64))
	case top.Int64 < w.maxSeq:
		w.report(w.maxSeq, forms.AuditInserted, fmt.Sprintf("SQLite 的编号计数（%d）低于最后一条记录（第 %d 条）：计数被改动", top.Int64, w.maxSeq))
	}
	return nil
}

// checkTriggers compares the database's triggers with the ones the
// migrations make at its schema version: each one missing, changed or
// added is a problem (Seq 0).
func checkTriggers(ctx context.Context, q chainQueryer, w *chainWalk) error {
	version, err := schemaVersion(ctx, q)
	if err != nil {
		return err
	}
	want, err := expectedSchema(ctx, version)
	if err != nil {
		return err
	}
	have := map[string]string{}
	rows, err := q.QueryContext(ctx, "SELECT name, tbl_name, COALESCE(sql, '') FROM sqlite_schema WHERE type = 'trigger'")
	if err != nil {
		return fmt.Errorf("read triggers: %w", err)
	}
	for rows.Next() {
		var name, tbl, text string
		if err := rows.Scan(&name, &tbl, &text); err != nil {
			rows.Close()
			return fmt.Errorf("read triggers: %w", err)
		}
		have["触发器 "+name] = "属于表 " + tbl + "：" + normalizeSQL(text)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read triggers: %w", err)
	}
	var keys []string
	for k := range want {
		if strings.HasPrefix(k, "触发器 ") {
			keys = append(keys, k)
		}
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		wv, inWant := want[k]
		hv, inHave := have[k]
		switch {
		case !inHave:
			w.report(0, forms.AuditTrigger, "缺少"+k+"：保护数据的触发器被删除")
		case !inWant:
			w.report(0, forms.AuditTrigger, "多出"+k+"（"+hv+"）：不是本程序建立的触发器")
		case wv != hv:
			w.report(0, forms.AuditTrigger, k+"被改动：现为“"+hv+"”，应为“"+wv+"”")
		}
	}
	return nil
}

// receiptIssueQuery lists every receipt with what its issuing audit entry
// says about it: receipt.issue (after_json is the forms.Receipt) or, for a
// paper receipt entered later, deposit.legacy (after_json is the
// forms.Deposit, whose ReceiptID names it), and its first receipt.void
// entry. It uses audit_log_entity (entity_id, seq).
const receiptIssueQuery = `SELECT r.id, r.number, r.total, COALESCE(r.case_id, ''), r.voided, r.legacy,
	i.seq, i.after_json, i.action,
	(SELECT min(v.seq) FROM audit_log v WHERE v.entity_id = r.id AND v.action = 'receipt.void')
	FROM receipts r
	LEFT JOIN audit_log i ON i.seq = CASE WHEN r.legacy = 0
		THEN (SELECT min(x.seq) FROM audit_log x WHERE x.entity_id = r.id AND x.action = 'receipt.issue')
		ELSE (SELECT min(x.seq) FROM deposits d JOIN audit_log x ON x.entity_id = d.id
			WHERE d.receipt_id = r.id AND x.action = 'deposit.legacy') END`

// orphanIssueQuery lists the receipt.issue entries whose receipt is gone.
const orphanIssueQuery = `SELECT a.seq, COALESCE(json_extract(a.after_json, '$.Number'), '') FROM audit_log a
	WHERE a.action = 'receipt.issue' AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.id = a.entity_id)`

// checkReceipts compares every receipt with its audit entries: its number,
// amount and case with what was issued, and voided with whether a
// receipt.void entry exists; and finds issued receipts that are gone.
func checkReceipts(ctx context.Context, q chainQueryer, w *chainWalk) error {
	rows, err := q.QueryContext(ctx, receiptIssueQuery)
	if err != nil {
		return fmt.Errorf("read receipts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, number, caseID string
		var total int64
		var voided, legacy bool
		var seq, voidSeq sql.NullInt64
		var after, action sql.NullString
		if err := rows.Scan(&id, &number, &total, &caseID, &voided, &legacy, &seq, &after, &action, &voidSeq); err != nil {
			return fmt.Errorf("read receipt: %w", err)
		}
		w.c.Receipts++
		if !seq.Valid {
			w.report(0, forms.AuditReceipt, fmt.Sprintf("收据 %s 没有开具记录：审计日志中找不到它的开具（receipt.issue）", number))
			continue
		}
		var issued struct {
			Number, ReceiptNumber string
			Total, Amount         int64
			CaseID                string
		}
		_ = json.Unmarshal([]byte(after.String), &issued)
		wantNumber, wantTotal := issued.Number, issued.Total
		if legacy {
			wantNumber, wantTotal = issued.ReceiptNumber, issued.Amount
		}
		var diffs []string
		if number != wantNumber {
			diffs = append(diffs, fmt.Sprintf("编号现为 %s，开具时为 %s", number, wantNumber))
		}
		if total != wantTotal {
			diffs = append(diffs, fmt.Sprintf("金额现为 %s，开具时为 %s", forms.Money(total), forms.Money(wantTotal)))
		}
		if caseID != issued.CaseID {
			diffs = append(diffs, "所属受理单与开具时不同")
		}
		if voided != voidSeq.Valid {
			if voided {
				diffs = append(diffs, "标为已作废，但审计日志中没有作废记录")
			} else {
				diffs = append(diffs, fmt.Sprintf("审计日志第 %d 条记录了作废，收据却未标为作废", voidSeq.Int64))
			}
		}
		if len(diffs) > 0 {
			w.report(seq.Int64, forms.AuditReceipt, fmt.Sprintf("收据 %s 与第 %d 条开具记录不符：%s", number, seq.Int64, strings.Join(diffs, "；")))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read receipts: %w", err)
	}
	rows.Close()
	orphans, err := q.QueryContext(ctx, orphanIssueQuery)
	if err != nil {
		return fmt.Errorf("read receipt entries: %w", err)
	}
	defer orphans.Close()
	for orphans.Next() {
		var seq int64
		var number string
		if err := orphans.Scan(&seq, &number); err != nil {
			return fmt.Errorf("read receipt entry: %w", err)
		}
		w.report(seq, forms.AuditReceipt, fmt.Sprintf("收据 %s 被删除：第 %d 条记录开具了它，收据表中却没有", number, seq))
	}
	return orphans.Err()
}

// depositEntryQuery lists every deposit with its taking entry (deposit.take,
// or deposit.legacy for a paper one; after_json is the forms.Deposit) and
// whether an entry closed it (refund, forfeit or void).
const depositEntryQuery = `SELECT d.id, d.amount, d.receipt_id, d.case_id, d.state,
	i.seq, i.after_json,
	(SELECT min(v.seq) FROM audit_log v WHERE v.entity_id = d.id
		AND v.action IN ('deposit.refund', 'deposit.forfeit', 'deposit.void'))
	FROM deposits d
	LEFT JOIN audit_log i ON i.seq = (SELECT min(x.seq) FROM audit_log x WHERE x.entity_id = d.id
		AND x.action IN ('deposit.take', 'deposit.legacy'))`

// orphanDepositQuery lists the taking entries whose deposit is gone.
const orphanDepositQuery = `SELECT a.seq, COALESCE(json_extract(a.after_json, '$.ReceiptNumber'), '') FROM audit_log a
	WHERE a.action IN ('deposit.take', 'deposit.legacy') AND NOT EXISTS (SELECT 1 FROM deposits d WHERE d.id = a.entity_id)`

// checkDeposits compares every deposit (保障金) with its audit entries: its
// amount, receipt and case with what was taken, and a closed deposit with
// an entry that closed it; and finds taken deposits that are gone. The
// problems are of kind AuditReceipt (money that disagrees with the log).
func checkDeposits(ctx context.Context, q chainQueryer, w *chainWalk) error {
	rows, err := q.QueryContext(ctx, depositEntryQuery)
	if err != nil {
		return fmt.Errorf("read deposits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, receiptID, caseID, state string
		var amount int64
		var seq, closeSeq sql.NullInt64
		var after sql.NullString
		if err := rows.Scan(&id, &amount, &receiptID, &caseID, &state, &seq, &after, &closeSeq); err != nil {
			return fmt.Errorf("read deposit: %w", err)
		}
		if !seq.Valid {
			w.report(0, forms.AuditReceipt, fmt.Sprintf("保障金 %s（%s）没有收取记录：审计日志中找不到它的收取", id, forms.Money(amount)))
			continue
		}
		var taken struct {
			Amount                           int64
			ReceiptID, ReceiptNumber, CaseID string
		}
		_ = json.Unmarshal([]byte(after.String), &taken)
		var diffs []string
		if amount != taken.Amount {
			diffs = append(diffs, fmt.Sprintf("金额现为 %s，收取时为 %s", forms.Money(amount), forms.Money(taken.Amount)))
		}
		if receiptID != taken.ReceiptID {
			diffs = append(diffs, "所属收据与收取时不同")
		}
		if caseID != taken.CaseID {
			diffs = append(diffs, "所属受理单与收取时不同")
		}
		if state != "held" && !closeSeq.Valid {
			diffs = append(diffs, "已不在押，但审计日志中没有退还、没收或作废的记录")
		}
		if len(diffs) > 0 {
			w.report(seq.Int64, forms.AuditReceipt, fmt.Sprintf("保障金（收据 %s）与第 %d 条收取记录不符：%s", taken.ReceiptNumber, seq.Int64, strings.Join(diffs, "；")))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read deposits: %w", err)
	}
	rows.Close()
	orphans, err := q.QueryContext(ctx, orphanDepositQuery)
	if err != nil {
		return fmt.Errorf("read deposit entries: %w", err)
	}
	defer orphans.Close()
	for orphans.Next() {
		var seq int64
		var number string
		if err := orphans.Scan(&seq, &number); err != nil {
			return fmt.Errorf("read deposit entry: %w", err)
		}
		w.report(seq, forms.AuditReceipt, fmt.Sprintf("保障金（收据 %s）被删除：第 %d 条记录收取了它，保障金表中却没有", number, seq))
	}
	return orphans.Err()
}
