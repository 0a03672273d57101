package main

import "fmt"

// graphicsMessage tells the clerk, in words, that this PC cannot draw
// Counter Desk's window and what to do about it. Fyne needs OpenGL 2.1;
// without a vendor graphics driver, or in a remote-desktop session,
// Windows offers only "GDI Generic" OpenGL 1.1 and Fyne would exit
// silently before any window exists.
func graphicsMessage(detail string) string {
	return fmt.Sprintf("柜台通无法显示窗口：这台电脑的显卡驱动不支持 OpenGL 2.1（%s）。\n\n"+
		"请这样处理：\n"+
		"1. 如果您是通过远程桌面连接到这台电脑的，请直接在这台电脑前使用柜台通；\n"+
		"2. 否则请电脑管理员从显卡厂商（Intel、AMD 或 NVIDIA）网站安装最新的显卡驱动，然后重新启动电脑。\n\n"+
		"您的数据没有受到任何影响。", detail)
}

// dataFolderSDDL is the security descriptor the data folder is created
// with: a station is one PC shared by several Windows accounts, so local
// Users may modify (read, write, create, delete files: 0x1301bf), SYSTEM and
// Administrators have full control, and everything created inside inherits
// it (OICI). Protected (P) so a stricter parent cannot take it away.
const dataFolderSDDL = "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;BU)"

// instanceMutexName is the named mutex a running Counter Desk holds, which
// the installer checks so it never replaces the program while it runs.
const instanceMutexName = `Global\CounterDeskRunning`
