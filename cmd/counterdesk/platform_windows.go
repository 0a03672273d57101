//go:build windows

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32   = windows.NewLazySystemDLL("user32.dll")
	gdi32    = windows.NewLazySystemDLL("gdi32.dll")
	opengl32 = windows.NewLazySystemDLL("opengl32.dll")
	kernel32 = windows.NewLazySystemDLL("kernel32.dll")

	procMessageBoxW       = user32.NewProc("MessageBoxW")
	procRegisterClassExW  = user32.NewProc("RegisterClassExW")
	procCreateWindowExW   = user32.NewProc("CreateWindowExW")
	procDestroyWindow     = user32.NewProc("DestroyWindow")
	procDefWindowProcW    = user32.NewProc("DefWindowProcW")
	procGetDC             = user32.NewProc("GetDC")
	procReleaseDC         = user32.NewProc("ReleaseDC")
	procChoosePixelFormat = gdi32.NewProc("ChoosePixelFormat")
	procSetPixelFormat    = gdi32.NewProc("SetPixelFormat")
	procWglCreateContext  = opengl32.NewProc("wglCreateContext")
	procWglMakeCurrent    = opengl32.NewProc("wglMakeCurrent")
	procWglDeleteContext  = opengl32.NewProc("wglDeleteContext")
	procGlGetString       = opengl32.NewProc("glGetString")
	procCreateMutexW      = kernel32.NewProc("CreateMutexW")
)

// alert shows a native message box: it needs no OpenGL, so it works where
// Fyne cannot open a window.
func alert(title, msg string) {
	t, _ := windows.UTF16PtrFromString(title)
	m, _ := windows.UTF16PtrFromString(msg)
	const mbOK, mbIconError, mbSetForeground = 0x0, 0x10, 0x10000
	procMessageBoxW.Call(0, uintptr(unsafe.Pointer(m)), uintptr(unsafe.Pointer(t)), mbOK|mbIconError|mbSetForeground)
}

// nativeAlerts: on Windows every start-up failure is a message box, since
// a failure may be the very thing that stops Fyne drawing a window.
const nativeAlerts = true

// holdInstanceMutex creates the named mutex the installer looks for and
// keeps it until the returned function runs.
func holdInstanceMutex() func() {
	name, _ := windows.UTF16PtrFromString(instanceMutexName)
	h, _, _ := procCreateMutexW.Call(0, 0, uintptr(unsafe.Pointer(name)))
	if h == 0 {
		// A Global\ name may be refused to a restricted account; the
		// session-local name still tells the installer in this session.
		name, _ = windows.UTF16PtrFromString(strings.TrimPrefix(instanceMutexName, `Global\`))
		h, _, _ = procCreateMutexW.Call(0, 0, uintptr(unsafe.Pointer(name)))
	}
	return func() {
		if h != 0 {
			windows.CloseHandle(windows.Handle(h))
		}
	}
}

// mkdirShared creates the data folder so that every local user may write
// in it (a station is shared by several Windows accounts): the parents as
// usual, the folder itself with dataFolderSDDL. An existing folder is left
// as it is. A file where the folder or one of its parents should be is
// named as such: Windows reports it only as "path not found", or not at
// all (CreateDirectory's "already exists"), and the clerk would be told to
// ask for write permission instead.
func mkdirShared(dir string) error {
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return nil
	}
	if f := fileInPath(dir); f != "" {
		return fmt.Errorf("“%s”是一个文件，不是文件夹", f)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o775); err != nil {
		return err
	}
	sd, err := windows.SecurityDescriptorFromString(dataFolderSDDL)
	if err != nil {
		return fmt.Errorf("security descriptor: %w", err)
	}
	sa := &windows.SecurityAttributes{SecurityDescriptor: sd}
	sa.Length = uint32(unsafe.Sizeof(*sa))
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return err
	}
	if err := windows.CreateDirectory(p, sa); err != nil {
		// Another copy may have made the folder meanwhile; anything else
		// of that name is not a folder.
		if fi, serr := os.Stat(dir); errors.Is(err, windows.ERROR_ALREADY_EXISTS) && serr == nil && fi.IsDir() {
			return nil
		}
		return err
	}
	return nil
}

// fileInPath returns the nearest of dir and its parents that exists, if
// that one is a file rather than a folder; otherwise "".
func fileInPath(dir string) string {
	for p := dir; ; {
		if fi, err := os.Stat(p); err == nil {
			if fi.IsDir() {
				return ""
			}
			return p
		}
		parent := filepath.Dir(p)
		if parent == p {
			return ""
		}
		p = parent
	}
}

// probeGraphics makes a hidden window with a WGL context, as Fyne's GLFW
// driver would, and checks that OpenGL is 2.1 or later and not Windows'
// software "GDI Generic" renderer. It returns an error describing what was
// found when the PC cannot run Fyne.
func probeGraphics() error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	className, _ := windows.UTF16PtrFromString("CounterDeskGLProbe")
	var hinst windows.Handle
	if err := windows.GetModuleHandleEx(0, nil, &hinst); err != nil {
		return fmt.Errorf("GetModuleHandleEx: %w", err)
	}
	type wndclassex struct {
		size, style                      uint32
		wndProc                          uintptr
		clsExtra, wndExtra               int32
		instance, icon, cursor, bg, menu uintptr
		className                        *uint16
		iconSm                           uintptr
	}
	wc := wndclassex{wndProc: procDefWindowProcW.Addr(), instance: uintptr(hinst), className: className, style: 0x20 /* CS_OWNDC */}
	wc.size = uint32(unsafe.Sizeof(wc))
	procRegisterClassExW.Call(uintptr(unsafe.Pointer(&wc)))
	hwnd, _, e := procCreateWindowExW.Call(0, uintptr(unsafe.Pointer(className)), uintptr(unsafe.Pointer(className)),
		0x02000000|0x04000000 /* WS_CLIPCHILDREN|WS_CLIPSIBLINGS, not visible */, 0, 0, 16, 16, 0, 0, uintptr(hinst), 0)
	if hwnd == 0 {
		return fmt.Errorf("无法创建测试窗口：%v", e)
	}
	defer procDestroyWindow.Call(hwnd)
	hdc, _, _ := procGetDC.Call(hwnd)
	if hdc == 0 {
		return errors.New("无法取得窗口的绘图设备")
	}
	defer procReleaseDC.Call(hwnd, hdc)

	type pixelformat struct {
		size, version                                          uint16
		flags                                                  uint32
		pixelType, colorBits, redBits, redShift                uint8
		greenBits, greenShift, blueBits, blueShift             uint8
		alphaBits, alphaShift, accumBits, accumRed, accumGreen uint8
		accumBlue, accumAlpha, depthBits, stencilBits, auxBufs uint8
		layerType, reserved                                    uint8
		layerMask, visibleMask, damageMask                     uint32
	}
	pfd := pixelformat{version: 1, flags: 0x4 | 0x20 | 0x1 /* DRAW_TO_WINDOW|SUPPORT_OPENGL|DOUBLEBUFFER */, colorBits: 24, depthBits: 24}
	pfd.size = uint16(unsafe.Sizeof(pfd))
	pf, _, _ := procChoosePixelFormat.Call(hdc, uintptr(unsafe.Pointer(&pfd)))
	if pf == 0 {
		return errors.New("没有可用的 OpenGL 像素格式")
	}
	if ok, _, _ := procSetPixelFormat.Call(hdc, pf, uintptr(unsafe.Pointer(&pfd))); ok == 0 {
		return errors.New("无法设置 OpenGL 像素格式")
	}
	ctx, _, _ := procWglCreateContext.Call(hdc)
	if ctx == 0 {
		return errors.New("无法创建 OpenGL 上下文")
	}
	defer procWglDeleteContext.Call(ctx)
	if ok, _, _ := procWglMakeCurrent.Call(hdc, ctx); ok == 0 {
		return errors.New("无法启用 OpenGL 上下文")
	}
	defer procWglMakeCurrent.Call(0, 0)
	const glRenderer, glVersion = 0x1F01, 0x1F02
	return checkGL(glString(glVersion), glString(glRenderer))
}

func glString(name uintptr) string {
	p, _, _ := procGlGetString.Call(name)
	if p == 0 {
		return ""
	}
	// glGetString returns a pointer into the driver's static memory.
	return windows.BytePtrToString((*byte)(unsafe.Add(nil, p)))
}
