package forms

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestDemoIDNumber: the training station's ID numbers pass ParseID (GB
// 11643 check character) and say the sex and birth they were made with.
func TestDemoIDNumber(t *testing.T) {
	birth := time.Date(1990, 2, 28, 0, 0, 0, 0, time.Local)
	for seq := 0; seq < 1000; seq += 37 {
		for _, male := range []bool{true, false} {
			n := DemoIDNumber("330106", birth, seq, male)
			id, err := ParseID(n)
			if err != nil {
				t.Fatalf("DemoIDNumber(%d, %v) = %s: %v", seq, male, n, err)
			}
			if want := map[bool]Gender{true: GenderMale, false: GenderFemale}[male]; id.Gender != want || !id.Birth.Equal(birth) {
				t.Errorf("%s: gender %v birth %s, want %v %s", n, id.Gender, id.Birth, want, birth)
			}
		}
	}
}

// TestDemoPeople: people are valid customers, never share an ID number,
// and their surnames follow the population (王 and 李 far more often than
// a rare one), from the seed alone.
func TestDemoPeople(t *testing.T) {
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.Local)
	g := NewDemoPeople(rand.New(rand.NewPCG(1, 2)))
	seen := map[string]bool{}
	count := map[string]int{}
	for i := 0; i < 5000; i++ {
		c := g.Person(day)
		if seen[c.IDNumber] {
			t.Fatalf("ID number %s twice", c.IDNumber)
		}
		seen[c.IDNumber] = true
		if err := c.ValidateOn(day); err != nil {
			t.Fatalf("person %d %+v: %v", i, c, err)
		}
		count[string([]rune(c.Name)[0])]++
	}
	if count["王"] < 250 || count["李"] < 250 || count["王"] < 5*count["龚"] {
		t.Errorf("surnames not weighted: 王 %d, 李 %d, 龚 %d", count["王"], count["李"], count["龚"])
	}
	h := NewDemoPeople(rand.New(rand.NewPCG(1, 2)))
	if a, b := NewDemoPeople(rand.New(rand.NewPCG(1, 2))).Person(day), h.Person(day); a != b {
		t.Errorf("the same seed made %+v and %+v", a, b)
	}
}

// TestDemoPlan_Validate names the option that is wrong.
func TestDemoPlan_Validate(t *testing.T) {
	cat := &Catalogue{Services: []Service{{Code: "x", Name: "x"}}}
	ok := DemoPlan{Customers: 100, Days: 30, End: time.Now(), Password: "lianxi2026", Catalogue: cat}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		change func(*DemoPlan)
		msg    string
	}{
		{func(p *DemoPlan) { p.Customers = 9 }, "客户人数（--customers）"},
		{func(p *DemoPlan) { p.Cases = -1 }, "受理单数（--cases）"},
		{func(p *DemoPlan) { p.Days = 4000 }, "天数（--days）"},
		{func(p *DemoPlan) { p.End = time.Time{} }, "最后一天"},
		{func(p *DemoPlan) { p.Catalogue = nil }, "业务目录为空"},
		{func(p *DemoPlan) { p.Password = "1" }, "密码"},
	} {
		p := ok
		c.change(&p)
		err := p.Validate()
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.msg) {
			t.Errorf("%s: got %v", c.msg, err)
		}
	}
	if DefaultDemoCases(1000) != 3000 || DefaultDemoCases(1000000) != 49800 {
		t.Errorf("default cases %d, %d", DefaultDemoCases(1000), DefaultDemoCases(1000000))
	}
}

// TestDemoPlan_BulkCases: up to DemoFullCases cases every case is made
// through the store's functions over all the days; above, DemoSampleCases
// of them over the days' share, the rest as bulk history; Sample sets the
// sample whatever the count.
func TestDemoPlan_BulkCases(t *testing.T) {
	for _, c := range []struct {
		customers, cases, days, sample int
		bulk, sampleDays               int
	}{
		{100000, 300000, 1460, 0, 0, 1460},
		{1000000, 3000000, 3650, 0, 2970000, 37},
		{1000000, 0, 90, 0, 0, 90},
		{1500, 22000, 800, 600, 21400, 22},
		{1500, 500, 800, 600, 0, 800},
	} {
		p := DemoPlan{Customers: c.customers, Cases: c.cases, Days: c.days, Sample: c.sample}
		if b, d := p.BulkCases(), p.SampleDays(); b != c.bulk || d != c.sampleDays {
			t.Errorf("%d customers, %d cases, %d days, sample %d: bulk %d over %d days, want %d over %d",
				c.customers, c.cases, c.days, c.sample, b, d, c.bulk, c.sampleDays)
		}
	}
}
