package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"counterdesk/forms"
)

// memberImportOf is the import of a test file with the guessed mapping.
func memberImportOf(t *testing.T, name string, update bool) forms.MemberImport {
	t.Helper()
	s := readTestMemberFile(t, name)
	return forms.MemberImport{Sheet: s, Mapping: forms.GuessMemberMapping(s.Header), UpdateExisting: update}
}

// checkPreview asserts the status and reason of every row of a test file's
// preview against memberRowWants.
func checkPreview(t *testing.T, mf memberFile, p *forms.MemberImportPreview, update bool) {
	t.Helper()
	if len(p.Rows) != len(memberFileRows) {
		t.Fatalf("preview has %d rows, want %d", len(p.Rows), len(memberFileRows))
	}
	for i, row := range p.Rows {
		n := i + 1
		want := memberRowWants[n]
		if update && want.status == forms.ImportUnchanged {
			want = memberRowWant{forms.ImportUpdate, []string{"更新：手机号码、人才储备费缴至、档案保管费缴至"}}
		}
		if row.Line != mf.firstLine+i {
			t.Errorf("row %d: line %d, want %d", n, row.Line, mf.firstLine+i)
		}
		if row.Status != want.status {
			t.Errorf("row %d (%s): status %s (%s), want %s", n, row.Name, row.Status, row.Reason, want.status)
			continue
		}
		for _, sub := range want.reason {
			sub = strings.ReplaceAll(sub, "{line 1}", strconv.Itoa(mf.firstLine))
			if !strings.Contains(row.Reason, sub) {
				t.Errorf("row %d (%s): reason %q does not contain %q", n, row.Name, row.Reason, sub)
			}
		}
		if want.status == forms.ImportRefused && strings.Contains(row.Reason, "校验位") && n != 5 {
			t.Errorf("row %d (%s): reason %q blames the check digit", n, row.Name, row.Reason)
		}
	}
	if p.Count(forms.ImportNew) != 4 || p.Count(forms.ImportRefused) != 6 {
		t.Errorf("counts new %d refused %d, want 4 and 6", p.Count(forms.ImportNew), p.Count(forms.ImportRefused))
	}
}

func TestDB_PreviewMemberImport(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	must(t, f.db.CreateCustomer(ctx, f.clerk, existingMember()))
	for _, mf := range memberFiles {
		t.Run(mf.name, func(t *testing.T) {
			n := auditCount(t, f.db)
			p, err := f.db.PreviewMemberImport(ctx, memberImportOf(t, mf.name, false))
			must(t, err)
			checkPreview(t, mf, p, false)
			if p.FileName != mf.name {
				t.Errorf("preview file name %q", p.FileName)
			}
			if p.Rows[10].Name != mf.rareName || p.Rows[10].Customer.Name != mf.rareName {
				t.Errorf("rare name previewed as %q", p.Rows[10].Name)
			}
			c := p.Rows[0].Customer // 王芳
			if !c.Member || forms.FormatDate(c.MemberSince) != "2019-03-05" || forms.FormatDate(c.TalentPaidThrough) != "2026-12-31" ||
				c.Gender != forms.GenderFemale || c.Mobile != "13880001234" {
				t.Errorf("row 1 previewed as %+v", c)
			}
			c = p.Rows[9].Customer // 吴敏: an Excel serial in a CSV, a +86 mobile, 2020年7月1日
			if forms.FormatDate(c.TalentPaidThrough) != "2019-12-31" || forms.FormatDate(c.MemberSince) != "2020-07-01" || c.Mobile != "13900001010" {
				t.Errorf("row 10 previewed as %+v", c)
			}
			if p.Rows[6].Existing == nil || p.Rows[6].Existing.Mobile != "13990001111" {
				t.Errorf("row 7 existing = %+v", p.Rows[6].Existing)
			}
			p, err = f.db.PreviewMemberImport(ctx, memberImportOf(t, mf.name, true))
			must(t, err)
			checkPreview(t, mf, p, true)
			if auditCount(t, f.db) != n {
				t.Error("a preview wrote to the audit log")
			}
			if got, _ := f.db.SearchCustomers(ctx, "王芳", 10); len(got) != 0 {
				t.Error("a preview created customers")
			}
		})
	}
	t.Run("ErrMapping", func(t *testing.T) {
		req := memberImportOf(t, "members.xlsx", false)
		req.Mapping.Set(forms.FieldIDNumber, -1)
		_, err := f.db.PreviewMemberImport(ctx, req)
		assertErr(t, err, forms.EINVALID, "身份证号码")
		req = memberImportOf(t, "members.xlsx", false)
		req.Mapping.Set(forms.FieldMobile, req.Mapping.Column(forms.FieldName))
		_, err = f.db.PreviewMemberImport(ctx, req)
		assertErr(t, err, forms.EINVALID, "选了同一列")
	})
	t.Run("UnmappedColumn", func(t *testing.T) {
		req := memberImportOf(t, "members-utf8.csv", false)
		req.Mapping.Set(forms.FieldMobile, -1)
		p, err := f.db.PreviewMemberImport(ctx, req)
		must(t, err)
		if r := p.Rows[0]; r.Status != forms.ImportRefused || !strings.Contains(r.Reason, "没有选择“手机号码”所在的列") {
			t.Errorf("row 1 without a mobile column: %s %q", r.Status, r.Reason)
		}
	})
}

func TestDB_ImportMembers(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		old := existingMember()
		must(t, f.db.CreateCustomer(ctx, f.clerk, old))
		before := auditCount(t, f.db)
		var mu sync.Mutex
		var calls [][2]int
		res, err := f.db.ImportMembers(ctx, f.sup, memberImportOf(t, "members-gbk.csv", false), func(done, total int) {
			mu.Lock()
			calls = append(calls, [2]int{done, total})
			mu.Unlock()
		})
		must(t, err)
		if res.Created != 4 || res.Updated != 0 || res.Unchanged != 1 || res.Refused != 6 || res.FileName != "members-gbk.csv" {
			t.Fatalf("result = %+v", res)
		}
		if len(calls) != 4 || calls[3] != [2]int{4, 4} {
			t.Errorf("progress calls = %v", calls)
		}
		// The members are searchable (the index was written) and whole.
		got, err := f.db.SearchCustomers(ctx, "王芳", 10)
		must(t, err)
		if len(got) != 1 || !got[0].Member || got[0].IDNumber != "510113199203150024" || !got[0].CreatedAt.Equal(testStart) {
			t.Fatalf("search 王芳 = %+v", got)
		}
		for _, q := range []string{"0024", "13880001234", "芳"} {
			if got, _ := f.db.SearchCustomers(ctx, q, 10); len(got) != 1 {
				t.Errorf("search %q found %d", q, len(got))
			}
		}
		if got, _ := f.db.SearchCustomers(ctx, "张伟", 10); len(got) != 0 {
			t.Error("a refused row was imported")
		}
		// 赵敏 is unchanged without "update existing".
		z, err := f.db.CustomerByIDNumber(ctx, old.IDNumber)
		must(t, err)
		if z.Mobile != "13990001111" || !z.TalentPaidThrough.IsZero() {
			t.Errorf("existing customer changed: %+v", z)
		}
		// One audit entry per member and one for the import.
		if n := auditCount(t, f.db) - before; n != 5 {
			t.Errorf("%d audit entries, want 5", n)
		}
		e := lastAudit(t, f.db, got[0].ID, ActCustomerCreate)
		if e.UserName != supName || !strings.Contains(e.Note, "members-gbk.csv") || !strings.Contains(e.Note, "第2行") {
			t.Errorf("member audit = %+v", e)
		}
		entries, err := f.db.AuditLog(ctx, "", 1)
		must(t, err)
		s := entries[0]
		if s.Action != ActMemberImport || !strings.Contains(s.Note, "members-gbk.csv") ||
			!strings.Contains(s.Note, "新建成员 4 位，更新 0 位，已有客户未变 1 位，拒绝 6 行") {
			t.Errorf("import audit = %+v", s)
		}
		var counts forms.MemberImportResult
		if err := json.Unmarshal([]byte(s.After), &counts); err != nil || counts.Created != 4 {
			t.Errorf("import audit after = %s (%v)", s.After, err)
		}

		// The same file again changes nothing.
		n := auditCount(t, f.db)
		p, err := f.db.PreviewMemberImport(ctx, memberImportOf(t, "members-gbk.csv", false))
		must(t, err)
		if p.Count(forms.ImportUnchanged) != 5 || p.ToWrite() != 0 {
			t.Errorf("second preview: unchanged %d, to write %d", p.Count(forms.ImportUnchanged), p.ToWrite())
		}
		_, err = f.db.ImportMembers(ctx, f.sup, memberImportOf(t, "members-gbk.csv", false), nil)
		assertErr(t, err, forms.EINVALID, "没有要导入或更新的成员", "没有任何改动")
		if auditCount(t, f.db) != n {
			t.Error("a second import wrote to the audit log")
		}
		// The same members from another encoding are the same people: only
		// the rare name's row differs (孙丽 in the GBK file).
		p, err = f.db.PreviewMemberImport(ctx, memberImportOf(t, "members-utf8.csv", false))
		must(t, err)
		if p.Count(forms.ImportUnchanged) != 5 || p.Rows[10].Status != forms.ImportUnchanged || !strings.Contains(p.Rows[10].Reason, "姓名") {
			t.Errorf("utf-8 after gbk: unchanged %d, rare row %s %q", p.Count(forms.ImportUnchanged), p.Rows[10].Status, p.Rows[10].Reason)
		}
	})

	t.Run("UpdateExisting", func(t *testing.T) {
		f := newFixture(t)
		old := existingMember()
		must(t, f.db.CreateCustomer(ctx, f.clerk, old))
		res, err := f.db.ImportMembers(ctx, f.sup, memberImportOf(t, "members.xlsx", true), nil)
		must(t, err)
		if res.Created != 4 || res.Updated != 1 || res.Unchanged != 0 || res.Refused != 6 {
			t.Fatalf("result = %+v", res)
		}
		z, err := f.db.CustomerByIDNumber(ctx, old.IDNumber)
		must(t, err)
		if z.Mobile != "13990002222" || forms.FormatDate(z.TalentPaidThrough) != "2026-05-09" ||
			forms.FormatDate(z.ArchivePaidThrough) != "2026-05-09" || !z.UpdatedAt.Equal(testStart) || z.Name != "赵敏" {
			t.Fatalf("updated customer = %+v", z)
		}
		e := lastAudit(t, f.db, z.ID, ActCustomerUpdate)
		if !strings.Contains(e.Before, "13990001111") || !strings.Contains(e.After, "13990002222") || !strings.Contains(e.Note, "第9行") {
			t.Errorf("update audit = %+v", e)
		}
		// The old mobile no longer finds her, the new one does.
		if got, _ := f.db.SearchCustomers(ctx, "13990001111", 10); len(got) != 0 {
			t.Error("the old mobile still finds the updated customer")
		}
		if got, _ := f.db.SearchCustomers(ctx, "13990002222", 10); len(got) != 1 {
			t.Error("the new mobile does not find the updated customer")
		}
		if got, _ := f.db.SearchCustomers(ctx, rareName, 10); len(got) != 1 {
			t.Error("the rare name is not found")
		}
		// Again: nothing to do.
		_, err = f.db.ImportMembers(ctx, f.sup, memberImportOf(t, "members.xlsx", true), nil)
		assertErr(t, err, forms.EINVALID, "没有要导入或更新的成员")
	})

	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t)
		n := auditCount(t, f.db)
		_, err := f.db.ImportMembers(ctx, f.clerk, memberImportOf(t, "members-utf8.csv", false), nil)
		assertErr(t, err, forms.EFORBIDDEN, "主管")
		_, err = f.db.ImportMembers(ctx, forms.Actor{}, memberImportOf(t, "members-utf8.csv", false), nil)
		assertErr(t, err, forms.EUNAUTHORIZED)
		if got, _ := f.db.SearchCustomers(ctx, "王芳", 10); len(got) != 0 || auditCount(t, f.db) != n {
			t.Fatal("a refused import changed the database")
		}
		// A clerk with the supervisor's approval typed on the screen may.
		res, err := f.db.ImportMembers(ctx, f.approved(), memberImportOf(t, "members-utf8.csv", false), nil)
		must(t, err)
		if res.Created != 5 { // 赵敏 is new in this database
			t.Fatalf("result = %+v", res)
		}
		e := lastAudit(t, f.db, "", ActMemberImport)
		if e.UserName != clerkNm || e.ApprovedBy != supName {
			t.Errorf("approved import audit = %+v", e)
		}
	})

	t.Run("NothingHalf", func(t *testing.T) {
		f := newFixture(t)
		// A row that passes the preview and then fails at insert: the
		// database refuses 吴敏 (row 10), after three members were written.
		if _, err := f.db.db.ExecContext(ctx, `CREATE TRIGGER fail_import BEFORE INSERT ON customers
			WHEN NEW.name = '吴敏' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`); err != nil {
			t.Fatal(err)
		}
		n := auditCount(t, f.db)
		p, err := f.db.PreviewMemberImport(ctx, memberImportOf(t, "members-utf8-bom.csv", false))
		must(t, err)
		if p.Rows[9].Status != forms.ImportNew {
			t.Fatalf("row 10 previewed as %s", p.Rows[9].Status)
		}
		var done int
		_, err = f.db.ImportMembers(ctx, f.sup, memberImportOf(t, "members-utf8-bom.csv", false), func(d, _ int) { done = d })
		if err == nil || !strings.Contains(err.Error(), "injected failure") || !strings.Contains(err.Error(), "row 11") {
			t.Fatalf("import error = %v", err)
		}
		if done < 3 {
			t.Fatalf("the failure came after %d members, want at least 3 written first", done)
		}
		for _, q := range []string{"王芳", "李强", "赵敏", "吴敏"} {
			if got, _ := f.db.SearchCustomers(ctx, q, 10); len(got) != 0 {
				t.Errorf("%s was imported by a failed import", q)
			}
		}
		var customers, terms int
		must(t, f.db.db.QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&customers))
		must(t, f.db.db.QueryRowContext(ctx, "SELECT count(*) FROM customer_terms").Scan(&terms))
		if customers != 0 || terms != 0 || auditCount(t, f.db) != n {
			t.Fatalf("after a failed import: %d customers, %d terms, %d new audit entries", customers, terms, auditCount(t, f.db)-n)
		}
	})

	t.Run("Cancelled", func(t *testing.T) {
		f := newFixture(t)
		cctx, cancel := context.WithCancel(ctx)
		_, err := f.db.ImportMembers(cctx, f.sup, memberImportOf(t, "members-utf8.csv", false), func(done, _ int) {
			if done == 2 {
				cancel()
			}
		})
		if err == nil {
			t.Fatal("a cancelled import succeeded")
		}
		var customers int
		must(t, f.db.db.QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&customers))
		if customers != 0 {
			t.Fatalf("a cancelled import left %d customers", customers)
		}
	})

	t.Run("FormerMemberNotRevived", func(t *testing.T) {
		f := newFixture(t)
		old := existingMember()
		old.Member = false
		old.MemberUntil = time.Date(2024, 3, 1, 0, 0, 0, 0, time.Local)
		must(t, f.db.CreateCustomer(ctx, f.clerk, old))
		p, err := f.db.PreviewMemberImport(ctx, memberImportOf(t, "members-utf8.csv", true))
		must(t, err)
		if r := p.Rows[6]; r.Status != forms.ImportRefused || !strings.Contains(r.Reason, "2024-03-01 退出集体户") {
			t.Fatalf("former member row: %s %q", r.Status, r.Reason)
		}
	})
}
