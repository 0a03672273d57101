package forms_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"counterdesk/forms"
)

var (
	papersToday = time.Date(2026, 11, 30, 0, 0, 0, 0, time.Local)
	// papersReqs: 户口本 kept with two copies, 身份证 seen and handed back
	// with one copy, 证明 one original.
	papersReqs = map[string]forms.Requirement{
		"book": {ID: "book", Name: "户口本", Originals: 1, Copies: 2},
		"id":   {ID: "id", Name: "身份证", SeenOnly: true, Copies: 1},
		"cert": {ID: "cert", Name: "证明", Originals: 1},
	}
)

// waitingCase is a waiting case with 户口本 promised by 2026-12-03, 身份证
// received at once, and 证明 promised by 2026-12-01 and moved once.
func waitingCase() *forms.Case {
	return &forms.Case{Number: "QB01-20261123-001", Status: forms.CaseWaiting, Items: map[string]forms.ItemState{
		"book": {Status: forms.ItemDeferred, PromisedBy: papersToday.AddDate(0, 0, 3)},
		"id":   {Status: forms.ItemReceived, Originals: 1, Copies: 1},
		"cert": {Status: forms.ItemDeferred, PromisedBy: papersToday.AddDate(0, 0, 1),
			PromisedFirst: papersToday.AddDate(0, 0, -2), MoveReason: "单位盖章需要时间", MovedOn: papersToday.AddDate(0, 0, -3), MovedBy: "李四"},
	}}
}

func TestCase_ReceivePromised(t *testing.T) {
	for _, tc := range []struct {
		name             string
		status           forms.CaseStatus
		item             string
		originals, copie int
		code, msg        string
	}{
		{"in full", forms.CaseWaiting, "book", 1, 2, "", ""},
		{"more copies than needed", forms.CaseWaiting, "book", 1, 3, "", ""},
		{"copies short", forms.CaseWaiting, "book", 1, 1, forms.EINVALID, "“户口本”须原件1份、复印件2份，本次复印件还差1份：收齐后再登记补交，未收齐的仍按容缺等待"},
		{"original short", forms.CaseWaiting, "book", 0, 2, forms.EINVALID, "“户口本”须原件1份、复印件2份，本次原件还差1份：收齐后再登记补交，未收齐的仍按容缺等待"},
		{"negative", forms.CaseWaiting, "book", -1, 2, forms.EINVALID, "“户口本”的份数不能为负数"},
		{"received at once", forms.CaseWaiting, "id", 1, 1, forms.ECONFLICT, "“身份证”不是待补交的容缺材料（已收取），无需补交或改期"},
		{"case accepted", forms.CaseAccepted, "book", 1, 2, forms.ECONFLICT, "受理单QB01-20261123-001当前状态为“已受理”，没有待补交的容缺材料，“户口本”无需补交或改期"},
		{"case completed", forms.CaseCompleted, "book", 1, 2, forms.ECONFLICT, "受理单QB01-20261123-001当前状态为“已办结”，没有待补交的容缺材料，“户口本”无需补交或改期"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := waitingCase()
			c.Status = tc.status
			before := c.Items
			err := c.ReceivePromised(papersReqs[tc.item], tc.originals, tc.copie, "张三", papersToday.Add(15*time.Hour))
			if tc.code != "" {
				if forms.ErrorCode(err) != tc.code || forms.ErrorMessage(err) != tc.msg {
					t.Fatalf("err = %v, want %s %q", err, tc.code, tc.msg)
				}
				if c.Items["book"].Status != forms.ItemDeferred {
					t.Fatal("a refused arrival changed the paper")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			st := c.Items[tc.item]
			if st.Status != forms.ItemReceived || st.Originals != tc.originals || st.Copies != tc.copie ||
				!st.ReceivedOn.Equal(papersToday) || st.ReceivedBy != "张三" || !st.PromisedBy.IsZero() ||
				!st.PromisedWas.Equal(papersToday.AddDate(0, 0, 3)) {
				t.Fatalf("received state = %+v", st)
			}
			if before["book"].Status != forms.ItemDeferred {
				t.Fatal("the map held before (the log's before) was changed in place")
			}
			if !papersReqs[tc.item].Satisfied(st) {
				t.Fatal("received state does not satisfy the paper")
			}
		})
	}
	t.Run("received twice", func(t *testing.T) {
		c := waitingCase()
		if err := c.ReceivePromised(papersReqs["book"], 1, 2, "张三", papersToday); err != nil {
			t.Fatal(err)
		}
		err := c.ReceivePromised(papersReqs["book"], 1, 2, "张三", papersToday)
		if want := "“户口本”不是待补交的容缺材料（已于2026-11-30补交），无需补交或改期"; forms.ErrorMessage(err) != want {
			t.Fatalf("second arrival: %v, want %q", err, want)
		}
	})
}

func TestCase_MovePromise(t *testing.T) {
	later := papersToday.AddDate(0, 0, 10)
	for _, tc := range []struct {
		name      string
		item      string
		to        time.Time
		reason    string
		code, msg string
	}{
		{"ok", "book", later, "单位盖章需要时间", "", ""},
		{"today is allowed", "book", papersToday, "明天出差", "", ""},
		{"second move", "cert", later, "再等等", forms.ECONFLICT, "“证明”的约定日期已于2026-11-27改过一次（2026-11-28改为2026-12-01，原因：单位盖章需要时间），只能改一次；请按2026-12-01催客户补交"},
		{"no reason", "book", later, "  ", forms.EINVALID, "请填写改期原因，例如“单位盖章需要时间”"},
		{"reason too long", "book", later, strings.Repeat("长", 201), forms.EINVALID, "改期原因"},
		{"no date", "book", time.Time{}, "单位盖章需要时间", forms.EINVALID, "请填写“户口本”新的约定补交日期，格式如 2026-03-05"},
		{"date in the past", "book", papersToday.AddDate(0, 0, -1), "单位盖章需要时间", forms.EINVALID, "“户口本”新的约定补交日期（2026-11-29）不能早于今天（2026-11-30）"},
		{"same date", "book", papersToday.AddDate(0, 0, 3), "单位盖章需要时间", forms.EINVALID, "“户口本”新的约定补交日期与原约定日期（2026-12-03）相同，请填写另一天"},
		{"not promised", "id", later, "单位盖章需要时间", forms.ECONFLICT, "“身份证”不是待补交的容缺材料（已收取），无需补交或改期"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := waitingCase()
			to := tc.to
			if !to.IsZero() {
				to = to.Add(9 * time.Hour) // a time of day on the date is ignored
			}
			err := c.MovePromise(papersReqs[tc.item], to, tc.reason, "张三", papersToday.Add(11*time.Hour))
			if tc.code != "" {
				if forms.ErrorCode(err) != tc.code || !strings.Contains(forms.ErrorMessage(err), tc.msg) {
					t.Fatalf("err = %v, want %s %q", err, tc.code, tc.msg)
				}
				if c.Items["book"].Moved() || !c.Items["book"].PromisedBy.Equal(papersToday.AddDate(0, 0, 3)) {
					t.Fatal("a refused move changed the paper")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			st := c.Items[tc.item]
			if !st.PromisedBy.Equal(tc.to) || !st.PromisedFirst.Equal(papersToday.AddDate(0, 0, 3)) ||
				st.MoveReason != tc.reason || st.MovedBy != "张三" || !st.MovedOn.Equal(papersToday) || st.Status != forms.ItemDeferred {
				t.Fatalf("moved state = %+v", st)
			}
			// And once only.
			err = c.MovePromise(papersReqs[tc.item], later.AddDate(0, 0, 1), "又改", "张三", papersToday)
			if forms.ErrorCode(err) != forms.ECONFLICT || !strings.Contains(forms.ErrorMessage(err), "“户口本”的约定日期已于2026-11-30改过一次") {
				t.Fatalf("second move = %v", err)
			}
		})
	}
}

// TestCase_AfterPapers: what a case becomes when its checklist changes;
// the last paper in completes a waiting case unless a deposit is held or a
// loss period runs.
func TestCase_AfterPapers(t *testing.T) {
	for _, tc := range []struct {
		status   forms.CaseStatus
		deferred int
		holds    forms.Holds
		want     forms.CaseStatus
	}{
		{forms.CaseWaiting, 1, forms.Holds{}, forms.CaseWaiting},
		{forms.CaseWaiting, 0, forms.Holds{}, forms.CaseCompleted},
		{forms.CaseWaiting, 0, forms.Holds{DepositHeld: true}, forms.CaseAccepted},
		{forms.CaseWaiting, 0, forms.Holds{LossPending: true}, forms.CaseAccepted},
		{forms.CaseWaiting, 2, forms.Holds{DepositHeld: true}, forms.CaseWaiting},
		{forms.CaseAccepted, 1, forms.Holds{}, forms.CaseWaiting},
		{forms.CaseAccepted, 0, forms.Holds{}, forms.CaseAccepted},
		{forms.CaseDraft, 1, forms.Holds{}, forms.CaseDraft},
		{forms.CaseCompleted, 0, forms.Holds{}, forms.CaseCompleted},
	} {
		c := &forms.Case{Status: tc.status}
		if got := c.AfterPapers(tc.deferred, tc.holds); got != tc.want {
			t.Errorf("%s with %d promised and %+v → %s, want %s", tc.status, tc.deferred, tc.holds, got, tc.want)
		}
	}
	if (forms.Holds{}).Reason() != "" || !strings.Contains((forms.Holds{DepositHeld: true}).Reason(), "保障金") ||
		!strings.Contains((forms.Holds{LossPending: true}).Reason(), "挂失期") {
		t.Error("hold reasons")
	}
}

func TestItemState_Overdue(t *testing.T) {
	for _, tc := range []struct {
		st   forms.ItemState
		want bool
	}{
		{forms.ItemState{Status: forms.ItemDeferred, PromisedBy: papersToday.AddDate(0, 0, -1)}, true},
		{forms.ItemState{Status: forms.ItemDeferred, PromisedBy: papersToday.Add(20 * time.Hour)}, false}, // today: the last day
		{forms.ItemState{Status: forms.ItemReceived, PromisedWas: papersToday.AddDate(0, 0, -5)}, false},
	} {
		if got := tc.st.Overdue(papersToday.Add(9 * time.Hour)); got != tc.want {
			t.Errorf("%+v overdue = %v", tc.st, got)
		}
	}
}

func TestCase_KeepPromises(t *testing.T) {
	svc := &forms.Service{Name: "测试业务", Requirements: []forms.Requirement{papersReqs["book"], papersReqs["id"], papersReqs["cert"]}}
	c := waitingCase()
	c.Items["id"] = forms.ItemState{Status: forms.ItemReceived, Originals: 1, Copies: 1,
		ReceivedOn: papersToday, ReceivedBy: "张三", PromisedWas: papersToday.AddDate(0, 0, -1)}
	same := func() map[string]forms.ItemState {
		return map[string]forms.ItemState{
			"book": {Status: forms.ItemDeferred, PromisedBy: papersToday.AddDate(0, 0, 3)},
			"id":   {Status: forms.ItemReceived, Originals: 1, Copies: 1, Note: "已核验"},
			"cert": {Status: forms.ItemDeferred, PromisedBy: papersToday.AddDate(0, 0, 1)},
		}
	}
	got, err := c.KeepPromises(svc, same())
	if err != nil {
		t.Fatal(err)
	}
	if id := got["id"]; id.ReceivedBy != "张三" || !id.ReceivedOn.Equal(papersToday) || id.Note != "已核验" {
		t.Fatalf("arrival not carried over: %+v", id)
	}
	if cert := got["cert"]; cert.MoveReason != "单位盖章需要时间" || !cert.Moved() {
		t.Fatalf("move not carried over: %+v", cert)
	}
	for name, change := range map[string]func(m map[string]forms.ItemState){
		"ticked": func(m map[string]forms.ItemState) {
			m["book"] = forms.ItemState{Status: forms.ItemReceived, Originals: 1, Copies: 2}
		},
		"date changed": func(m map[string]forms.ItemState) {
			m["book"] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: papersToday.AddDate(0, 0, 9)}
		},
		"left out": func(m map[string]forms.ItemState) { delete(m, "book") },
	} {
		m := same()
		change(m)
		_, err := c.KeepPromises(svc, m)
		if want := "受理后，容缺材料“户口本”须用“已补交”登记补交、用“改约定日期”改期，不能在材料清单中修改"; forms.ErrorCode(err) != forms.ECONFLICT || forms.ErrorMessage(err) != want {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A paper received (at accept or through 已补交) is settled as well: the
	// clerk trial turned a paper brought back into a promise by 容缺 with a
	// new date, getting round "改约定日期 only once".
	arrived := func(m map[string]forms.ItemState) map[string]forms.ItemState {
		m["id"] = forms.ItemState{Status: forms.ItemReceived, Originals: 1, Copies: 1}
		return m
	}
	for name, change := range map[string]func(m map[string]forms.ItemState){
		"received deferred again": func(m map[string]forms.ItemState) {
			m["id"] = forms.ItemState{Status: forms.ItemDeferred, PromisedBy: papersToday.AddDate(0, 0, 20)}
		},
		"received unticked": func(m map[string]forms.ItemState) { m["id"] = forms.ItemState{Status: forms.ItemMissing} },
		"received counts": func(m map[string]forms.ItemState) {
			m["id"] = forms.ItemState{Status: forms.ItemReceived, Originals: 1}
		},
		"received left out": func(m map[string]forms.ItemState) { delete(m, "id") },
	} {
		for _, status := range []forms.CaseStatus{forms.CaseWaiting, forms.CaseAccepted} {
			k := waitingCase()
			k.Status = status
			k.Items["id"] = c.Items["id"]
			m := arrived(same())
			change(m)
			_, err := k.KeepPromises(svc, m)
			if want := "受理后，材料“身份证”的收取情况不能在材料清单中修改（勾选和容缺只在受理前使用）；容缺材料用“已补交”登记补交、用“改约定日期”改期"; forms.ErrorCode(err) != forms.ECONFLICT || forms.ErrorMessage(err) != want {
				t.Errorf("%s, %s: %v", name, status, err)
			}
		}
	}
	// A draft's promises are the clerk's to change in the checklist.
	c.Status = forms.CaseDraft
	m := same()
	m["book"] = forms.ItemState{Status: forms.ItemReceived, Originals: 1, Copies: 2}
	if _, err := c.KeepPromises(svc, m); err != nil {
		t.Fatalf("draft: %v", err)
	}
}

// TestItemState_JSON: a case stored before the paper history existed reads
// with it zero, and the history round-trips.
func TestItemState_JSON(t *testing.T) {
	var old map[string]forms.ItemState
	if err := json.Unmarshal([]byte(`{"book":{"status":"deferred","promised_by":"2026-12-03T00:00:00+08:00"}}`), &old); err != nil {
		t.Fatal(err)
	}
	if st := old["book"]; st.Status != forms.ItemDeferred || st.Moved() || !st.ReceivedOn.IsZero() || st.PromisedBy.IsZero() {
		t.Fatalf("old item = %+v", st)
	}
	c := waitingCase()
	b, err := json.Marshal(c.Items)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "received_on") || !strings.Contains(string(b), `"move_reason":"单位盖章需要时间"`) {
		t.Fatalf("json = %s", b)
	}
	var back map[string]forms.ItemState
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back["cert"].PromisedFirst.Equal(c.Items["cert"].PromisedFirst) || back["cert"].MovedBy != "李四" {
		t.Fatalf("round trip = %+v", back["cert"])
	}
}
