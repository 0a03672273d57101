package forms

import (
	"bytes"
	"encoding/json"
	"strings"
)

// AuditDelta returns what the audit log keeps of an update: the record
// before and after the change (stored JSON objects, as json.Marshal writes
// them) cut down to the fields whose values differ, in the record's own
// order (before's fields, then the ones only after has). A field that came
// or went is kept on the side that has it. When nothing differs both are
// "{}". ok is false when either is not a JSON object (a setting's value, a
// plain string): the caller then keeps both whole.
//
// An insert keeps its new record and a delete its old one whole; only an
// update, which has both, is cut down. The audit screen (AuditDiff) shows
// a cut-down entry's fields side by side, every one of them changed.
func AuditDelta(before, after string) (b, a string, ok bool) {
	bk, bv, bok := jsonObject(before)
	ak, av, aok := jsonObject(after)
	if !bok || !aok {
		return before, after, false
	}
	var bb, ab strings.Builder
	bb.WriteByte('{')
	ab.WriteByte('{')
	put := func(sb *strings.Builder, k string, v json.RawMessage) {
		if sb.Len() > 1 {
			sb.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		sb.Write(key)
		sb.WriteByte(':')
		sb.Write(compact(v))
	}
	for _, k := range bk {
		x := bv[k]
		y, had := av[k]
		if had && bytes.Equal(compact(x), compact(y)) {
			continue
		}
		put(&bb, k, x)
		if had {
			put(&ab, k, y)
		}
	}
	for _, k := range ak {
		if _, had := bv[k]; !had {
			put(&ab, k, av[k])
		}
	}
	bb.WriteByte('}')
	ab.WriteByte('}')
	return bb.String(), ab.String(), true
}
