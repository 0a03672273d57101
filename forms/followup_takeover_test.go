package forms

import "testing"

// TestTakeOverForRating: a poor rating takes over the sample's open call
// about the case (one case, one call, tester 18b A2), takes the handler off
// as caller, and leaves a finished call or a rating's call as it was.
func TestTakeOverForRating(t *testing.T) {
	for _, tc := range []struct {
		name       string
		f          FollowUp
		ok         bool
		removed    string
		wantCaller string
		wantSource FollowUpSource
		wantSrcID  string
	}{
		{"open sample, no caller", FollowUp{Source: FollowUpSampled, SourceID: "k1", State: FollowUpOpen},
			true, "", "", FollowUpRating, "r1"},
		{"open sample, another caller stays", FollowUp{Source: FollowUpSampled, SourceID: "k1", State: FollowUpOpen, CallerID: "u2", CallerName: "李窗口"},
			true, "", "u2", FollowUpRating, "r1"},
		{"open sample, the handler is taken off", FollowUp{Source: FollowUpSampled, SourceID: "k1", State: FollowUpOpen, CallerID: "u1", CallerName: "王窗口"},
			true, "王窗口", "", FollowUpRating, "r1"},
		{"sample already made", FollowUp{Source: FollowUpSampled, SourceID: "k1", State: FollowUpDone, CallerID: "u1", CallerName: "王窗口"},
			false, "", "u1", FollowUpSampled, "k1"},
		{"sample unreachable", FollowUp{Source: FollowUpSampled, SourceID: "k1", State: FollowUpUnreachable},
			false, "", "", FollowUpSampled, "k1"},
		{"already a rating's call", FollowUp{Source: FollowUpRating, SourceID: "r0", State: FollowUpOpen},
			false, "", "", FollowUpRating, "r0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			removed, ok := f.TakeOverForRating("r1", "u1")
			if ok != tc.ok || removed != tc.removed {
				t.Errorf("TakeOverForRating = (%q, %v), want (%q, %v)", removed, ok, tc.removed, tc.ok)
			}
			if f.CallerID != tc.wantCaller || f.Source != tc.wantSource || f.SourceID != tc.wantSrcID {
				t.Errorf("after: caller %q, source %s/%s; want %q, %s/%s", f.CallerID, f.Source, f.SourceID,
					tc.wantCaller, tc.wantSource, tc.wantSrcID)
			}
		})
	}
}
