package forms

import (
	"strings"
	"testing"
)

func TestParseStationPhone(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"0571-87654321", "0571-87654321", ""},
		{"057187654321", "0571-87654321", ""},
		{"（0571）8765 4321", "0571-87654321", ""},
		{"０５７１－８７６５４３２１", "0571-87654321", ""},
		{"028-83981234", "028-83981234", ""},
		{"010-62751234", "010-62751234", ""},
		{"01062751234", "010-62751234", ""},
		{"0571-87654321-802", "0571-87654321-802", ""},
		{"0898-6123456", "0898-6123456", ""},
		{"400-123-4567", "400-123-4567", ""},
		{"138 1234 5678", "13812345678", ""},
		{"", "", "请填写网点电话"},
		{"   ", "", "请填写网点电话"},
		{"87654321", "", "请加上区号"},
		{"0571-1234567", "", "不像座机号码"},
		{"0571-876543210", "", "不像座机号码"},
		{"0571-8765432a", "", "“a”不是数字"},
		{"12812345678", "", "不能以“12”开头"},
		{"1381234567", "", "应为11位数字"},
		{strings.Repeat("1", 30), "", "太长"},
	} {
		got, err := ParseStationPhone(tc.in)
		if tc.err == "" {
			if err != nil || got != tc.want {
				t.Errorf("ParseStationPhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			continue
		}
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.err) {
			t.Errorf("ParseStationPhone(%q) = %q, %v; want EINVALID with %q", tc.in, got, err, tc.err)
		}
	}
}

// A station set up before the phone was asked has none and stays valid;
// one given is checked and put in its printed form.
func TestStation_ValidatePhone(t *testing.T) {
	st := Station{BranchCode: "QB", BranchName: "青白江人才服务中心", Payee: "青白江人才服务中心", Number: 1}
	if err := st.Validate(); err != nil || st.Phone != "" {
		t.Fatalf("no phone: %v, %q", err, st.Phone)
	}
	st.Phone = "028 83981234"
	if err := st.Validate(); err != nil || st.Phone != "028-83981234" {
		t.Fatalf("phone: %v, %q", err, st.Phone)
	}
	st.Phone = "83981234"
	if err := st.Validate(); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "网点电话") {
		t.Fatalf("phone without area code: %v", err)
	}
}

// TestStationDetailsValidate checks the details a supervisor may change
// after set-up by the set-up rules; the phone is required.
func TestStationDetailsValidate(t *testing.T) {
	for _, tc := range []struct {
		in   StationDetails
		want StationDetails
		msg  string
	}{
		{StationDetails{" 青白江人才服务中心 ", "青白江人才服务中心", "(0571)87654321"}, StationDetails{"青白江人才服务中心", "青白江人才服务中心", "0571-87654321"}, ""},
		{StationDetails{"", "青白江人才服务中心", "0571-87654321"}, StationDetails{}, "请填写网点全称"},
		{StationDetails{"青白江人才服务中心", " ", "0571-87654321"}, StationDetails{}, "请填写收款单位"},
		{StationDetails{"青白江人才服务中心", "青白江人才服务中心", ""}, StationDetails{}, "请填写网点电话"},
	} {
		d := tc.in
		err := d.Validate()
		if tc.msg == "" {
			if err != nil || d != tc.want {
				t.Errorf("%+v: got %+v, %v; want %+v", tc.in, d, err, tc.want)
			}
			continue
		}
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.msg) {
			t.Errorf("%+v: error %v, want EINVALID %q", tc.in, err, tc.msg)
		}
	}
}
