package store

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"counterdesk/forms"
)

// rareNames are issue 16's example names, one character from each
// extension: 𠮷 U+20BB7 (Extension B), 䶮 U+4DAE (Extension A), 𫖯
// U+2B5AF (Extension C), 𬌗 U+2C317 (Extension E) and 𰻞 U+30EDE
// (Extension G, in no font the program ships). rare is the character
// each name is about, and part a piece of the name that holds it.
var rareNames = []struct{ name, rare, part string }{
	{"吉𠮷", "𠮷", "吉𠮷"},
	{"王䶮", "䶮", "王䶮"},
	{"赵孟𫖯", "𫖯", "孟𫖯"},
	{"李𬌗", "𬌗", "李𬌗"},
	{"张𰻞", "𰻞", "张𰻞"},
}

// TestDB_RareNamesRoundTrip: each name is stored and read back byte for
// byte (four-byte UTF-8, no replacement character, nothing split or
// normalised away), through every way a customer is read.
func TestDB_RareNamesRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i, tc := range rareNames {
		c := &forms.Customer{Name: tc.name, IDNumber: testID("510113", "19900101", 700+i), Mobile: fmt.Sprintf("1390000%04d", 700+i)}
		must(t, f.db.CreateCustomer(ctx, f.clerk, c))
		if c.Name != tc.name {
			t.Errorf("CreateCustomer changed %q to %q", tc.name, c.Name)
		}
		byID, err := f.db.Customer(ctx, c.ID)
		must(t, err)
		byNumber, err := f.db.CustomerByIDNumber(ctx, c.IDNumber)
		must(t, err)
		viewed, err := f.db.ViewCustomer(ctx, f.clerk, c.ID)
		must(t, err)
		for how, got := range map[string]string{"Customer": byID.Name, "CustomerByIDNumber": byNumber.Name, "ViewCustomer": viewed.Name} {
			if !bytes.Equal([]byte(got), []byte(tc.name)) {
				t.Errorf("%s read %q (% x), want %q (% x)", how, got, got, tc.name, tc.name)
			}
		}
		// An update that leaves the name as it is keeps it exactly.
		byID.Address = "成都市青白江区大弯街道1号"
		must(t, f.db.UpdateCustomer(ctx, f.clerk, byID))
		if again, _ := f.db.Customer(ctx, c.ID); again.Name != tc.name {
			t.Errorf("after an update the name is %q", again.Name)
		}
	}
}

// TestDB_SearchRareNames: the customer search finds each name by the
// whole name, by the rare character alone and by a piece holding it.
func TestDB_SearchRareNames(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ids := map[string]string{}
	for i, tc := range rareNames {
		c := &forms.Customer{Name: tc.name, IDNumber: testID("510113", "19900101", 800+i), Mobile: fmt.Sprintf("1390000%04d", 800+i)}
		must(t, f.db.CreateCustomer(ctx, f.clerk, c))
		ids[tc.name] = c.ID
	}
	// Decoys that share the common character: the search must tell them apart.
	for i, name := range []string{"吉祥", "王芳", "赵孟頫", "李强", "张伟"} {
		c := &forms.Customer{Name: name, IDNumber: testID("510113", "19900101", 850+i), Mobile: fmt.Sprintf("1390000%04d", 850+i)}
		must(t, f.db.CreateCustomer(ctx, f.clerk, c))
	}
	for _, tc := range rareNames {
		for how, q := range map[string]string{"whole name": tc.name, "rare character": tc.rare, "piece": tc.part} {
			got, err := f.db.SearchCustomers(ctx, q, 20)
			must(t, err)
			if len(got) != 1 || got[0].ID != ids[tc.name] || got[0].Name != tc.name {
				var names []string
				for _, c := range got {
					names = append(names, c.Name)
				}
				t.Errorf("search by %s %q found %q, want only %q", how, q, names, tc.name)
			}
		}
	}
}

// rareMemberCSV is a member list as Excel on a Chinese Windows writes it:
// GB18030, where every rare character is a four-byte sequence.
func rareMemberCSV(t *testing.T) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString("姓名,身份证号码,手机号码,入户日期\r\n")
	for i, tc := range rareNames {
		fmt.Fprintf(&b, "%s,%s,1390000%04d,2020/7/1\r\n", tc.name, testID("510113", "19900101", 900+i), 900+i)
	}
	data, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReadMemberFile_GB18030RareNames: the member import reads the rare
// names of a GB18030 CSV exactly, and imports them so.
func TestReadMemberFile_GB18030RareNames(t *testing.T) {
	ctx := context.Background()
	data := rareMemberCSV(t)
	// In GB18030 𠮷 is 95 34 B2 35, 𫖯 98 38 F5 37, 𬌗 99 31 D2 39 and 𰻞
	// 9A 37 86 38: four-byte sequences GBK does not have (䶮 is FE 9F).
	for _, seq := range [][]byte{{0x95, 0x34, 0xB2, 0x35}, {0x98, 0x38, 0xF5, 0x37}, {0x99, 0x31, 0xD2, 0x39}, {0x9A, 0x37, 0x86, 0x38}, {0xFE, 0x9F}} {
		if !bytes.Contains(data, seq) {
			t.Fatalf("the test file lacks the four-byte sequence % x", seq)
		}
	}
	s, err := ReadMemberFile("集体户 成员（生僻字）.csv", bytes.NewReader(data), "")
	must(t, err)
	if s.Encoding != EncGB18030 {
		t.Errorf("encoding %q, want %q", s.Encoding, EncGB18030)
	}
	if len(s.Rows) != len(rareNames) {
		t.Fatalf("read %d rows, want %d", len(s.Rows), len(rareNames))
	}
	m := forms.GuessMemberMapping(s.Header)
	f := newFixture(t)
	req := forms.MemberImport{Sheet: s, Mapping: m}
	p, err := f.db.PreviewMemberImport(ctx, req)
	must(t, err)
	for i, row := range p.Rows {
		if row.Name != rareNames[i].name || row.Status != forms.ImportNew {
			t.Errorf("preview row %d: %q %s (%s), want %q new", i+1, row.Name, row.Status, row.Reason, rareNames[i].name)
		}
	}
	res, err := f.db.ImportMembers(ctx, f.sup, req, nil)
	must(t, err)
	if res == nil {
		t.Fatal("no import result")
	}
	for i, tc := range rareNames {
		c, err := f.db.CustomerByIDNumber(ctx, testID("510113", "19900101", 900+i))
		must(t, err)
		if c.Name != tc.name || !c.Member || !c.MemberSince.Equal(time.Date(2020, 7, 1, 0, 0, 0, 0, time.Local)) {
			t.Errorf("imported %q (% x) member %v since %s, want %q", c.Name, c.Name, c.Member, forms.FormatDate(c.MemberSince), tc.name)
		}
	}
}
