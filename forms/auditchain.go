package forms

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// AuditTimeLayout is the stored form of an audit entry's time (UTC, fixed
// width), used by ChainHash when the entry carries no AtText.
const AuditTimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// The tags that start every hashed entry, so a hash of this chain can never
// be mistaken for a hash of anything else, and say the form the entry's
// before and after are in: v1 for entries written before issue 17 (an
// update kept both whole records), v2 for the entries written since (an
// update keeps only the fields that changed, AuditDelta). The tag is part
// of the hash, so an entry's form cannot be changed without its hash.
const (
	auditChainTagV1 = "counterdesk audit chain v1"
	auditChainTagV2 = "counterdesk audit chain v2"
)

// Forms of an audit entry's before and after (AuditEntry.ChainHashForm).
const (
	AuditFormWhole = 1 // v1: an update kept the whole record before and after (entries written before issue 17)
	AuditFormDelta = 2 // v2: an update keeps only the fields that changed (AuditDelta)
)

// ChainHash returns the entry's hash in the audit chain as every entry is
// written now (AuditFormDelta, tag v2): see ChainHashForm.
func (e AuditEntry) ChainHash(prev string) string {
	return e.ChainHashForm(prev, AuditFormDelta)
}

// ChainHashV1 returns the entry's hash as entries were written before
// issue 17 and as the upgrade seals entries older than the chain
// (AuditFormWhole, tag v1): see ChainHashForm.
func (e AuditEntry) ChainHashV1(prev string) string {
	return e.ChainHashForm(prev, AuditFormWhole)
}

// ChainHashForm returns the entry's hash in the audit chain for its form
// (AuditFormWhole or AuditFormDelta; any other is AuditFormDelta): hex
// SHA-256 over the form's tag, prev (the hex hash of the entry before, ""
// for the first entry) and a canonical encoding of every stored field —
// seq, id, the time as stored (AtText, or At in AuditTimeLayout when AtText
// is ""), user id, user name, approver, action, entity, entity id, before
// and after JSON and note. Each field is length-prefixed (8 bytes,
// big-endian) so no two different entries encode alike; UserID, Before and
// After are nullable in the database and "" stands for NULL (a marker
// byte, not an empty string). PrevHash and Hash themselves are not part of
// the encoding except prev. The encoding is the same for both forms but
// for the tag, so every v1 entry verifies exactly as before.
func (e AuditEntry) ChainHashForm(prev string, form int) string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write([]byte{1})
		h.Write(n[:])
		h.Write([]byte(s))
	}
	putNullable := func(s string) {
		if s == "" {
			h.Write([]byte{0})
			return
		}
		put(s)
	}
	at := e.AtText
	if at == "" && !e.At.IsZero() {
		at = e.At.UTC().Format(AuditTimeLayout)
	}
	if form == AuditFormWhole {
		put(auditChainTagV1)
	} else {
		put(auditChainTagV2)
	}
	put(prev)
	binary.BigEndian.PutUint64(n[:], uint64(e.Seq))
	h.Write(n[:])
	put(e.ID)
	put(at)
	putNullable(e.UserID)
	put(e.UserName)
	put(e.ApprovedBy)
	put(e.Action)
	put(e.Entity)
	put(e.EntityID)
	putNullable(e.Before)
	putNullable(e.After)
	put(e.Note)
	return hex.EncodeToString(h.Sum(nil))
}

// Kinds of AuditProblem. An entry that links to the one before it but
// whose content does not match its hash is AuditChanged when a later entry
// verifies after it; when none does (the newest entries), it may as well be
// forged and appended, and is AuditInserted with a detail saying both.
const (
	AuditChanged  = "changed"  // an entry's content no longer matches its hash
	AuditInserted = "inserted" // an entry that does not link to the one before it
	AuditRemoved  = "removed"  // entries missing: a gap in seq, or the newest ones cut off
	AuditReceipt  = "receipt"  // a receipt that disagrees with its audit entries
	AuditTrigger  = "trigger"  // a protecting trigger missing, changed or added
)

// AuditProblem is one sign of tampering found by verifying the audit log.
// Seq is the audit entry it concerns (0 when it concerns no single entry,
// e.g. a trigger); Kind is one of AuditChanged … AuditTrigger; Detail says
// in Chinese what was found.
type AuditProblem struct {
	Seq    int64
	Kind   string
	Detail string
}

// auditKindLabels are the Chinese names of the kinds of AuditProblem.
var auditKindLabels = map[string]string{
	AuditChanged:  "记录被改动",
	AuditInserted: "记录被插入或伪造",
	AuditRemoved:  "记录被删除",
	AuditReceipt:  "收据或保障金不符",
	AuditTrigger:  "保护触发器",
}

// KindLabel returns the Chinese name of the problem's kind, e.g. 记录被改动
// for AuditChanged, as the audit screen and `counterdesk verify` show it;
// a kind without a name is returned as it is.
func (p AuditProblem) KindLabel() string {
	if l, ok := auditKindLabels[p.Kind]; ok {
		return l
	}
	return p.Kind
}

// AuditCheck is the result of verifying the audit log: how many entries
// and receipts were checked, the newest entry's hash (Head, which a copy
// kept elsewhere can be compared with), every problem found, and FirstBad,
// the seq of the earliest entry that was changed, inserted or removed
// around (0 when none).
//
// Head is the hash of the newest entry whose own hash verified, and
// HeadSeq its seq: when entries after it do not verify (edited, or forged
// and appended), the chain breaks after HeadSeq and their stored hashes are
// not given as the head.
type AuditCheck struct {
	Entries  int64
	Receipts int64
	Head     string
	HeadSeq  int64
	Problems []AuditProblem
	FirstBad int64
	// Last is the seq of the newest entry read (HeadSeq is below it when
	// the newest entries do not verify).
	Last int64
}

// AuditScope says in Chinese what verifying the audit log covers and what
// it does not: customers and the other tables carry no hash chain, so a
// change made to them with another tool is not found; every change made
// in the program is an entry of the audit log, where it can be read.
const AuditScope = "校验范围：审计记录的哈希链、收据和保障金、保护数据的触发器；" +
	"客户资料等其他表不在哈希链校验范围内——程序内的改动都记在审计日志中可查，用其他工具直接改表本校验发现不了"

// AuditHeadFound says that a head hash kept elsewhere and given to the
// check (另存的链头哈希) was found in the chain, as `counterdesk verify
// --head` and the audit screen say it.
const AuditHeadFound = "另存的链头哈希仍在链中：那以前的记录没有被改写。"

// HeadBroken reports whether the newest entries did not verify, so that
// Head is the hash of the last entry that matched (HeadSeq), not of the
// newest (Last); HeadSeq is 0 when none matched.
func (c AuditCheck) HeadBroken() bool { return c.Last > c.HeadSeq }

// OK reports whether the audit log verified without any problem.
func (c AuditCheck) OK() bool { return len(c.Problems) == 0 }
