; 柜台通 Counter Desk — Windows installer (NSIS 3, built on Linux by
; scripts/build-installer.sh; tested under Wine by scripts/wine-installer-test.sh).
;
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DEXE=/abs/dist/counterdesk.exe \
;            -DOUTFILE=/abs/dist/CounterDesk-Setup-0.1.0.exe installer/counterdesk.nsi
;
; Optional: -DVIVERSION=0.1.0.1 (four numbers for the version resource),
; -DICON=/abs/counterdesk.ico (installer and uninstaller icon),
; -DPUBLISHER=... (Add/Remove Programs).
;
; What it does, and what it never does:
; - installs counterdesk.exe under $PROGRAMFILES64\CounterDesk, Start-menu and
;   desktop shortcuts for all users, and an uninstaller registered in
;   Add/Remove Programs;
; - creates the station's data folder %ProgramData%\CounterDesk and gives local
;   Users (S-1-5-32-545) modify rights on it, as the program itself does;
; - refuses to install, upgrade or uninstall while Counter Desk runs (the
;   program holds the named mutex Global\CounterDeskRunning, see
;   cmd/counterdesk/messages.go);
; - NEVER deletes or changes the data folder's contents: an upgrade leaves the
;   data as it is and the uninstaller leaves the folder behind.

Unicode true
Target amd64-unicode
ManifestSupportedOS all
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass the version: makensis -DVERSION=x.y.z (scripts/build-installer.sh reads FyneApp.toml)"
!endif
!ifndef EXE
  !error "pass the program: makensis -DEXE=/path/to/counterdesk.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "CounterDesk-Setup-${VERSION}.exe"
!endif
!ifndef VIVERSION
  !define VIVERSION "${VERSION}.0"
!endif
!ifndef PUBLISHER
  !define PUBLISHER "柜台通 Counter Desk"
!endif

!define PRODUCT "柜台通 Counter Desk"
!define SHORTCUT "柜台通"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\CounterDesk"
!define MUTEX "CounterDeskRunning"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\CounterDesk"
InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

Var DataDir

; ---- pages ---------------------------------------------------------------

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TITLE "安装柜台通 ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "本向导将在这台电脑上安装柜台通 ${VERSION}。$\r$\n$\r$\n\
柜台通的数据保存在数据文件夹 $DataDir 中，本机所有 Windows 账户共用。\
安装新版本时，数据文件夹中的数据保持不变；卸载柜台通也不会删除这个文件夹。$\r$\n$\r$\n\
安装前请关闭所有柜台通窗口。点击“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "柜台通已安装"
!define MUI_FINISHPAGE_TEXT "柜台通 ${VERSION} 已安装到这台电脑。$\r$\n$\r$\n\
请从桌面或“开始”菜单中的“柜台通”图标启动。第一次启动时，程序会引导您设置这个窗口（网点代码、窗口编号和第一位主管）。$\r$\n$\r$\n\
数据文件夹：$DataDir"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从这台电脑上卸载柜台通程序、桌面和“开始”菜单中的快捷方式。\
数据文件夹 $DataDir（数据库、收据号记录、日志和打印过的 PDF）不会被删除，重新安装后数据照常可用；\
确实不再需要时，请由电脑管理员备份后手动处理。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "柜台通已卸载"
!define MUI_FINISHPAGE_TEXT "柜台通程序已从这台电脑上卸载。$\r$\n$\r$\n\
数据文件夹 $DataDir 已保留，没有删除。"
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "SimpChinese"

; ---- version information of Setup.exe -------------------------------------

VIProductVersion "${VIVERSION}"
VIFileVersion "${VIVERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"

; ---- shared checks (inlined into .onInit and un.onInit) -------------------

; DataDirInto: the folder the program uses, %ProgramData%\CounterDesk
; (cmd/counterdesk/datadir.go); the all-users application data folder if the
; variable is missing.
!macro DataDirInto _var
  ReadEnvStr ${_var} "ProgramData"
  ${If} ${_var} == ""
    SetShellVarContext all
    StrCpy ${_var} "$APPDATA"
  ${EndIf}
  StrCpy ${_var} "${_var}\CounterDesk"
!macroend

; RefuseWhileRunning: a running Counter Desk holds the mutex
; Global\CounterDeskRunning (or, if it could not create that one, the
; session-local CounterDeskRunning). While either exists, stop: replacing or
; deleting the program under a working clerk is never right. In silent mode
; (/S) no box is shown; the installer exits with error level 2.
!macro RefuseWhileRunning _verb
  Push $0
  Push $1
  Push $2
  running_check:
  StrCpy $2 0
  ; SYNCHRONIZE = 0x00100000. "Access denied" (5) also means it exists.
  System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "Global\${MUTEX}") p .r0 ?e'
  Pop $1
  ${If} $0 P<> 0
    System::Call 'kernel32::CloseHandle(p r0)'
    StrCpy $2 1
  ${ElseIf} $1 = 5
    StrCpy $2 1
  ${EndIf}
  System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${MUTEX}") p .r0 ?e'
  Pop $1
  ${If} $0 P<> 0
    System::Call 'kernel32::CloseHandle(p r0)'
    StrCpy $2 1
  ${ElseIf} $1 = 5
    StrCpy $2 1
  ${EndIf}
  ${If} $2 = 1
    MessageBox MB_RETRYCANCEL|MB_ICONSTOP "柜台通正在运行，请先关闭所有柜台通窗口后再${_verb}。" /SD IDCANCEL IDRETRY running_check
    SetErrorLevel 2
    Quit
  ${EndIf}
  Pop $2
  Pop $1
  Pop $0
!macroend

; ---- installer -----------------------------------------------------------

Function .onInit
  SetRegView 64
  SetShellVarContext all
  !insertmacro DataDirInto $DataDir
  !insertmacro RefuseWhileRunning "安装"
FunctionEnd

Section "柜台通" SecMain
  SectionIn RO
  SetShellVarContext all

  SetOutPath "$INSTDIR"
  File "/oname=counterdesk.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts for every Windows account (ProgramData's Start menu and the
  ; Public desktop); the working folder is the install folder.
  CreateShortcut "$SMPROGRAMS\${SHORTCUT}.lnk" "$INSTDIR\counterdesk.exe" "" "$INSTDIR\counterdesk.exe" 0 SW_SHOWNORMAL "" "${PRODUCT}"
  CreateShortcut "$DESKTOP\${SHORTCUT}.lnk" "$INSTDIR\counterdesk.exe" "" "$INSTDIR\counterdesk.exe" 0 SW_SHOWNORMAL "" "${PRODUCT}"

  ; The data folder: created if missing, never emptied. Local Users
  ; (S-1-5-32-545, by SID so it works on any Windows language) may modify it
  ; and everything in it, so every clerk's account can run the station.
  CreateDirectory "$DataDir"
  DetailPrint "数据文件夹：$DataDir"
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$DataDir" /grant *S-1-5-32-545:(OI)(CI)M /T'
  Pop $0
  ${If} $0 != 0
    DetailPrint "警告：未能为本机用户设置数据文件夹的修改权限（icacls：$0）。"
  ${EndIf}

  ; Add/Remove Programs.
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\counterdesk.exe,0"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

; ---- uninstaller ---------------------------------------------------------

Function un.onInit
  SetRegView 64
  SetShellVarContext all
  !insertmacro DataDirInto $DataDir
  !insertmacro RefuseWhileRunning "卸载"
FunctionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$DESKTOP\${SHORTCUT}.lnk"
  Delete "$SMPROGRAMS\${SHORTCUT}.lnk"
  Delete "$INSTDIR\counterdesk.exe"
  Delete "$INSTDIR\uninstall.exe"
  ; Not /r: only the files installed above, never anything else.
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINST_KEY}"
  ; The data folder is deliberately left alone.
  DetailPrint "数据文件夹 $DataDir 已保留，没有删除。"
SectionEnd
