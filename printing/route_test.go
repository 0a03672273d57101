package printing

import (
	"slices"
	"strings"
	"testing"
)

// These test the pure parts of routing on every platform; the routes
// themselves are tested with fake programs in route_linux_test.go and,
// under Wine, route_windows_test.go.

func TestRouteArgs(t *testing.T) {
	const pdf = `C:\ProgramData\CounterDesk\printed\20260101-090000_收据 QB01.pdf`
	for _, tc := range []struct {
		name, printer string
		got, want     []string
	}{
		{"SumatraDefault", "", sumatraArgs("", pdf), []string{"-print-to-default", "-silent", pdf}},
		{"SumatraNamed", "前台 HP LaserJet", sumatraArgs("前台 HP LaserJet", pdf), []string{"-print-to", "前台 HP LaserJet", "-silent", pdf}},
		{"LPDefault", "", lpArgs("", "/data/a b.pdf"), []string{"/data/a b.pdf"}},
		{"LPNamed", "HP_LaserJet", lpArgs("HP_LaserJet", "/data/a b.pdf"), []string{"-d", "HP_LaserJet", "/data/a b.pdf"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}

	for _, tc := range []struct{ printer, verb, params string }{
		{"", "print", ""},
		{"前台 HP LaserJet", "printto", `"前台 HP LaserJet"`},
		{`\\server\HP 2`, "printto", `"\\server\HP 2"`},
	} {
		verb, params, err := verbArgs(tc.printer)
		if err != nil || verb != tc.verb || params != tc.params {
			t.Errorf("verbArgs(%q) = %q, %q, %v; want %q, %q", tc.printer, verb, params, err, tc.verb, tc.params)
		}
	}
	if _, _, err := verbArgs(`HP "2"`); err == nil {
		t.Error(`verbArgs accepted a printer name with a quote`)
	}
}

func TestRouteSumatraCandidates(t *testing.T) {
	env := map[string]string{
		"LOCALAPPDATA":      `C:\Users\王芳\AppData\Local`,
		"ProgramFiles":      `C:\Program Files\`,
		"ProgramW6432":      `C:\Program Files`,
		"ProgramFiles(x86)": `C:\Program Files (x86)`,
	}
	got := sumatraCandidates([]string{` "D:\Tools\SumatraPDF.exe" `, "", `C:\Program Files\SumatraPDF\SumatraPDF.exe`},
		func(k string) string { return env[k] })
	want := []string{
		`D:\Tools\SumatraPDF.exe`,
		`C:\Program Files\SumatraPDF\SumatraPDF.exe`,
		`C:\Users\王芳\AppData\Local\SumatraPDF\SumatraPDF.exe`,
		`C:\Program Files (x86)\SumatraPDF\SumatraPDF.exe`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("candidates\n got %q\nwant %q", got, want)
	}
	if got := sumatraCandidates(nil, func(string) string { return "" }); len(got) != 0 {
		t.Errorf("no environment: %q", got)
	}
}

var (
	sumatra  = PrintRoute{Kind: KindSumatra, Program: `C:\S\SumatraPDF.exe`, Label: "SumatraPDF 静默打印（C:\\S\\SumatraPDF.exe）", Default: true, Named: true}
	verbBoth = PrintRoute{Kind: KindVerb, Label: "PDF阅读器的“打印”命令（A.exe）", Default: true, Named: true}
	verbOnly = PrintRoute{Kind: KindVerb, Label: "PDF阅读器的“打印”命令（A.exe）", Default: true}
	verbTo   = PrintRoute{Kind: KindVerb, Label: "PDF阅读器的“打印到”命令（A.exe）", Named: true}
	lp       = PrintRoute{Kind: KindLP, Label: "lp 打印", Default: true, Named: true}
	viewer   = PrintRoute{Kind: KindViewer, Label: "默认PDF阅读器（xdg-open）"}
)

func TestRouteChoice(t *testing.T) {
	for _, tc := range []struct {
		name    string
		routes  []PrintRoute
		printer string
		want    PrintRoute
	}{
		{"SumatraFirst", []PrintRoute{sumatra, verbBoth, viewer}, "", sumatra},
		{"SumatraNamed", []PrintRoute{sumatra, verbBoth, viewer}, "HP", sumatra},
		{"VerbWithoutSumatra", []PrintRoute{verbBoth, viewer}, "", verbBoth},
		{"PrintToForNamed", []PrintRoute{verbBoth, viewer}, "HP", verbBoth},
		{"NoPrintToViewer", []PrintRoute{verbOnly, viewer}, "HP", viewer},
		{"NoPrintViewer", []PrintRoute{verbTo, viewer}, "", viewer},
		{"LP", []PrintRoute{lp, viewer}, "HP", lp},
		{"OnlyViewer", []PrintRoute{viewer}, "", viewer},
		{"NeverNothing", nil, "", viewerRoute()},
	} {
		if got := chooseRoute(tc.routes, tc.printer); got != tc.want {
			t.Errorf("%s: chose %+v, want %+v", tc.name, got, tc.want)
		}
	}
	if viewer.Direct() || !sumatra.Direct() {
		t.Error("Direct is wrong")
	}
}

func TestRouteDescription(t *testing.T) {
	for _, tc := range []struct {
		routes []PrintRoute
		want   string
	}{
		{[]PrintRoute{sumatra, verbBoth, viewer}, sumatra.Label},
		{[]PrintRoute{verbBoth, viewer}, verbBoth.Label},
		{[]PrintRoute{verbOnly, viewer}, verbOnly.Label + "；只能打印到默认打印机，设了打印机名称时打开PDF阅读器"},
		{[]PrintRoute{verbTo, viewer}, verbTo.Label + "；只能打印到设置中指定的打印机，打印机名称留空时打开PDF阅读器"},
		{[]PrintRoute{lp, viewer}, lp.Label},
		{[]PrintRoute{viewer}, noDirect},
		{[]PrintRoute{{Kind: KindViewer, Label: "未找到 xdg-open，请在文件夹中手动打开PDF"}}, noDirect + "；未找到 xdg-open，请在文件夹中手动打开PDF"},
	} {
		if got := describe(tc.routes); got != tc.want {
			t.Errorf("describe(%v) = %q, want %q", kinds(tc.routes), got, tc.want)
		}
	}
}

func kinds(routes []PrintRoute) string {
	var s []string
	for _, r := range routes {
		s = append(s, r.Kind)
	}
	return strings.Join(s, ",")
}
