package ui

import (
	"context"
	"strings"
	"testing"

	"counterdesk/forms"
)

// damagedStore reports the integrity check's finding as damage; the rest
// is the real store.
type damagedStore struct {
	homeStore
	st forms.IntegrityStatus
}

func (d damagedStore) IntegrityStatus(context.Context) (forms.IntegrityStatus, error) {
	return d.st, nil
}

// The background integrity check's result on the home screen (issue 17):
// nothing while all is well; when it found damage, a supervisor reads what
// was found and to restore a backup (恢复备份), a clerk to tell the
// supervisor.
func TestHome_IntegrityCheck(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.setUp()
	h.logIn("李主管", "zhuguan123")
	h.wait()
	home := h.app.home
	if st, err := h.db.CheckIntegrity(ctx); err != nil || st.State != forms.IntegrityOK {
		t.Fatalf("check of a sound station: %+v, %v", st, err)
	}
	home.checkIntegrity()
	h.wait()
	if home.integrity.Visible() {
		t.Fatalf("a sound station shows %q", home.integrity.Text)
	}

	damage := forms.IntegrityStatus{State: forms.IntegrityDamaged, Checked: h.clock.Now(),
		Problems: []string{"Tree 31 page 31: btreeInitPage() returns error code 11"}}
	home.st = damagedStore{homeStore: home.st, st: damage}
	home.checkIntegrity()
	h.wait()
	if !home.integrity.Visible() {
		t.Fatal("a supervisor does not see the damage found")
	}
	for _, want := range []string{"已损坏", "Tree 31 page 31", "恢复备份…", "设置"} {
		if !strings.Contains(home.integrity.Text, want) {
			t.Errorf("supervisor's warning %q lacks %q", home.integrity.Text, want)
		}
	}

	h.logInNewClerk()
	h.wait()
	home = h.app.home
	if home == nil || h.app.user.IsSupervisor() {
		t.Fatal("the clerk did not reach the main screen")
	}
	home.st = damagedStore{homeStore: home.st, st: damage}
	home.checkIntegrity()
	h.wait()
	if !home.integrity.Visible() || !strings.Contains(home.integrity.Text, "请立即告诉主管") {
		t.Fatalf("clerk's warning %q (visible %v)", home.integrity.Text, home.integrity.Visible())
	}
}
