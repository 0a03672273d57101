package main

import (
	"strings"
	"testing"
)

func TestCheckGL(t *testing.T) {
	for _, tc := range []struct {
		version, renderer string
		ok                bool
		why               string
	}{
		{"4.6.0 NVIDIA 537.13", "NVIDIA GeForce GTX 1650/PCIe/SSE2", true, ""},
		{"3.3.0 - Build 27.20.100.8681", "Intel(R) UHD Graphics 620", true, ""},
		{"2.1 Mesa 22.3.6", "llvmpipe (LLVM 15.0.6, 256 bits)", true, ""},
		{"1.1.0", "GDI Generic", false, "软件渲染"},
		{"2.0.0", "Some Old Card", false, "需要 2.1"},
		{"1.4 Mesa", "Mesa DRI", false, "需要 2.1"},
		{"", "", false, "没有报告版本"},
		{"garbage", "x", false, "无法识别"},
	} {
		err := checkGL(tc.version, tc.renderer)
		if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), tc.why)) {
			t.Errorf("checkGL(%q, %q) = %v, want ok=%v (%s)", tc.version, tc.renderer, err, tc.ok, tc.why)
		}
	}
}

func TestGraphicsMessage(t *testing.T) {
	msg := graphicsMessage("只有 Windows 自带的软件渲染")
	for _, want := range []string{"OpenGL 2.1", "远程桌面", "显卡驱动", "数据没有受到任何影响", "软件渲染"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

// TestDataFolderSDDL checks the descriptor on paper: Wine cannot show ACLs
// take effect, so the string is what is verified here (and parsed by
// Windows' own parser in the Windows test binary).
func TestDataFolderSDDL(t *testing.T) {
	for _, want := range []string{
		"D:P",                    // protected: a stricter parent cannot take it away
		"(A;OICI;0x1301bf;;;BU)", // local Users: modify, inherited by files and folders
		"(A;OICI;FA;;;SY)",       // SYSTEM: full control
		"(A;OICI;FA;;;BA)",       // Administrators: full control
	} {
		if !strings.Contains(dataFolderSDDL, want) {
			t.Errorf("SDDL %q lacks %q", dataFolderSDDL, want)
		}
	}
	// 0x1301bf is "modify" and nothing more: no WRITE_DAC, no WRITE_OWNER.
	const modify = 0x1301bf
	const writeDAC, writeOwner = 0x40000, 0x80000
	if modify&(writeDAC|writeOwner) != 0 {
		t.Fatal("the Users ACE would let a clerk change the folder's permissions")
	}
}
