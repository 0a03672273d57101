//go:build !windows

package printing

import "os/exec"

// findDirect looks for lp (CUPS) on PATH.
func findDirect() []PrintRoute {
	lp, err := exec.LookPath("lp")
	if err != nil {
		return nil
	}
	return []PrintRoute{{Kind: KindLP, Program: lp, Label: "lp 打印到默认打印机或设置中指定的打印机（" + lp + "）",
		Default: true, Named: true}}
}
