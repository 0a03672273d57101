package printing

import (
	"strings"
	"testing"

	"counterdesk/forms"
)

// A real branch name (19 characters) with its phone did not fit the
// receipt's branch line and printed "电话：0571-876…". The line gets smaller
// type before anything is cut, and then the branch name is shortened,
// never the phone; the reprint mark still has its room.
func TestRender_ReceiptBranchLineKeepsThePhone(t *testing.T) {
	needPoppler(t)
	for _, tc := range []struct{ name, branch string }{
		{"receipt_long_branch", "杭州市西湖区人才交流服务中心文三路分部"},
		{"receipt_longest_branch", strings.Repeat("成都市青白江区人才交流服务中心", 3) + "分部"},
	} {
		for _, reprint := range []bool{false, true} {
			p := receiptPrintout(forms.LayoutOnePage)
			p.Station.BranchName = tc.branch
			p.Station.Phone = "0571-87654321"
			p.Reprint = reprint
			text := pdftext(t, render(t, tc.name, p))
			mustContain(t, text, "电话：0571-87654321")
			if tc.name == "receipt_long_branch" {
				mustContain(t, text, tc.branch)
			}
		}
	}
}
