package main

import (
	"fmt"
	"strconv"
	"strings"
)

// checkGL decides from OpenGL's own version and renderer strings whether
// Fyne can run: version 2.1 or later, and not Windows' software renderer
// "GDI Generic" (OpenGL 1.1, what a PC without a vendor driver or a remote
// desktop session offers).
func checkGL(version, renderer string) error {
	if version == "" {
		return fmt.Errorf("OpenGL 没有报告版本")
	}
	if strings.Contains(renderer, "GDI Generic") {
		return fmt.Errorf("只有 Windows 自带的软件渲染 %q，OpenGL %s", renderer, version)
	}
	major, minor, ok := glVersion(version)
	if !ok {
		return fmt.Errorf("无法识别的 OpenGL 版本 %q", version)
	}
	if major < 2 || (major == 2 && minor < 1) {
		return fmt.Errorf("OpenGL %d.%d（%s），需要 2.1 或以上", major, minor, renderer)
	}
	return nil
}

// glVersion reads "major.minor" at the start of GL_VERSION, e.g.
// "4.6.0 NVIDIA 537.13" or "2.1 Mesa 22.3.6".
func glVersion(s string) (major, minor int, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " -"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return 0, 0, false
	}
	var err1, err2 error
	major, err1 = strconv.Atoi(parts[0])
	minor, err2 = strconv.Atoi(parts[1])
	return major, minor, err1 == nil && err2 == nil
}
