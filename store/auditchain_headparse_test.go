package store

import (
	"context"
	"strings"
	"testing"

	"counterdesk/forms"
)

// TestVerifyFileHead_BadHead: a mistyped kept head (`counterdesk verify
// --head`) is refused in Chinese with forms.ParseAuditHead's message, not
// reported as a chain rewritten since; one in upper case with spaces around
// it is still read.
func TestVerifyFileHead_BadHead(t *testing.T) {
	ctx := context.Background()
	s := newTamperStation(t)
	kept := s.at(s.last()).Hash
	s.restore(t)
	for _, head := range []string{kept[:40], "链头" + kept[2:], kept + "0"} {
		_, err := VerifyFileHead(ctx, s.db.Path(), head)
		if forms.ErrorCode(err) != forms.EINVALID || !strings.Contains(forms.ErrorMessage(err), "另存的链头哈希应为 64 位十六进制数字") {
			t.Errorf("%q: want EINVALID about the head, got %v", head, err)
		}
	}
	c, err := VerifyFileHead(ctx, s.db.Path(), " "+strings.ToUpper(kept)+" ")
	must(t, err)
	if !c.OK() {
		t.Fatalf("the kept head in upper case: %+v", c.Problems)
	}
}
