//go:build windows

package printing

import (
	"os"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// winFinder looks for the direct routes of a Windows PC. Its sources are
// fields so tests can point it at a fake SumatraPDF.exe and keep it away
// from the real registry.
type winFinder struct {
	getenv func(string) string
	// appPaths returns the App Paths registry values for SumatraPDF.exe,
	// HKCU first.
	appPaths func() []string
	// assoc returns AssocQueryStringW's string for .pdf and a verb, ""
	// when there is none.
	assoc func(str uint32, verb string) string
}

var finder = winFinder{getenv: os.Getenv, appPaths: registryAppPaths, assoc: assocQuery}

func findDirect() []PrintRoute { return finder.routes() }

func (f winFinder) routes() []PrintRoute {
	var routes []PrintRoute
	if exe := f.sumatra(); exe != "" {
		routes = append(routes, PrintRoute{Kind: KindSumatra, Program: exe,
			Label: "SumatraPDF 静默打印（" + exe + "）", Default: true, Named: true})
	}
	if r, ok := f.verbRoute(); ok {
		routes = append(routes, r)
	}
	return routes
}

// sumatra returns the first SumatraPDF.exe that exists, or "".
func (f winFinder) sumatra() string {
	var appPaths []string
	if f.appPaths != nil {
		appPaths = f.appPaths()
	}
	for _, c := range sumatraCandidates(appPaths, f.getenv) {
		if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
			return c
		}
	}
	return ""
}

// verbRoute reports the PDF handler's print and printto verbs.
func (f winFinder) verbRoute() (PrintRoute, bool) {
	if f.assoc == nil {
		return PrintRoute{}, false
	}
	r := PrintRoute{Kind: KindVerb,
		Default: f.assoc(assocStrCommand, "print") != "",
		Named:   f.assoc(assocStrCommand, "printto") != ""}
	if !r.Default && !r.Named {
		return PrintRoute{}, false
	}
	verb, name := "print", "“打印”"
	if !r.Default {
		verb, name = "printto", "“打印到”"
	}
	r.Program = f.assoc(assocStrExecutable, verb)
	if r.Program == "" {
		r.Program = f.assoc(assocStrCommand, verb)
	}
	r.Label = "PDF阅读器的" + name + "命令（" + r.Program + "）"
	return r, true
}

const appPathsKey = `SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\SumatraPDF.exe`

// registryAppPaths reads the default values of the App Paths keys, where
// SumatraPDF's installer records its path.
func registryAppPaths() []string {
	var out []string
	for _, root := range []registry.Key{registry.CURRENT_USER, registry.LOCAL_MACHINE} {
		k, err := registry.OpenKey(root, appPathsKey, registry.QUERY_VALUE)
		if err != nil {
			continue
		}
		v, typ, err := k.GetStringValue("")
		k.Close()
		if err != nil || v == "" {
			continue
		}
		if typ == registry.EXPAND_SZ {
			if x, err := registry.ExpandString(v); err == nil {
				v = x
			}
		}
		out = append(out, v)
	}
	return out
}

// AssocQueryStringW (shlwapi) has no wrapper in golang.org/x/sys/windows.
var procAssocQueryStringW = windows.NewLazySystemDLL("shlwapi.dll").NewProc("AssocQueryStringW")

const (
	assocStrCommand    = 1 // ASSOCSTR_COMMAND: the verb's command line
	assocStrExecutable = 2 // ASSOCSTR_EXECUTABLE: the program it runs

	assocfNoTruncate        = 0x20  // ASSOCF_NOTRUNCATE
	assocfInitIgnoreUnknown = 0x400 // ASSOCF_INIT_IGNOREUNKNOWN: no "Open with" stand-in
)

// assocQuery returns the string str of the .pdf handler's verb, or "".
func assocQuery(str uint32, verb string) string {
	if procAssocQueryStringW.Find() != nil {
		return ""
	}
	ext, _ := windows.UTF16PtrFromString(".pdf")
	verbp, err := windows.UTF16PtrFromString(verb)
	if err != nil {
		return ""
	}
	flags := uintptr(assocfNoTruncate | assocfInitIgnoreUnknown)
	var n uint32
	// With no buffer it returns S_FALSE and the length, terminator included.
	hr, _, _ := procAssocQueryStringW.Call(flags, uintptr(str), uintptr(unsafe.Pointer(ext)),
		uintptr(unsafe.Pointer(verbp)), 0, uintptr(unsafe.Pointer(&n)))
	if (hr != 0 && hr != 1) || n == 0 || n > 32*1024 {
		return ""
	}
	buf := make([]uint16, n)
	hr, _, _ = procAssocQueryStringW.Call(flags, uintptr(str), uintptr(unsafe.Pointer(ext)),
		uintptr(unsafe.Pointer(verbp)), uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)))
	if hr != 0 {
		return ""
	}
	return strings.TrimSpace(windows.UTF16ToString(buf))
}
