package printing

import (
	"bytes"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"counterdesk/assets"
	"counterdesk/forms"
)

// Benchmarks of one form PDF (issue 17: under 20 ms each on the reference
// machine). Each renders a complete PDF into memory, the fonts' subsets
// included; BenchmarkRenderReceipt and BenchmarkRenderReceiptLevel2
// (level2_test.go) and BenchmarkRenderDayReport (dayreport_test.go) are
// the others. Run: go test ./printing -run '^$' -bench 'Render' -benchmem

// BenchmarkRenderDocument renders the 承诺书 of a borrow case, the form a
// clerk prints with each accepted case.
func BenchmarkRenderDocument(b *testing.B) {
	benchRender(b, documentPrintout("王芳"))
}

// BenchmarkParseBaseFont parses WenQuanYi Micro Hei (assets.Font) as the
// first PDF of a process does, once; before issue 17 every PDF did, and
// its Output parsed the font's tables a second time to cut the subset.
func BenchmarkParseBaseFont(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fpdf.ParseUTF8Font(assets.Font); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderDayReportShort renders a day report of six receipts, the
// size of a quiet branch's day.
func BenchmarkRenderDayReportShort(b *testing.B) {
	benchRender(b, dayReportPrintout(6))
}

// benchRender renders p as one PDF per iteration and reports its size
// and the CPU time per PDF.
func benchRender(b *testing.B, p *forms.Printout) {
	b.ReportAllocs()
	var buf bytes.Buffer
	cpu0, cpuOK := processCPU()
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
	if cpu1, ok := processCPU(); cpuOK && ok {
		b.ReportMetric(float64(cpu1-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB/pdf")
}
