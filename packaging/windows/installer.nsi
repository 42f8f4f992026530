; Safeguarding Pathways: a per-user Windows installer (NSIS 3, 64-bit, Unicode).
;
; Installs for the current user only, so it needs no administrator rights (council, NHS
; and school laptops rarely grant them): the program goes to
; %LOCALAPPDATA%\Programs\Safeguarding Pathways, with a Start-menu entry and an uninstaller
; listed in Settings > Apps (HKCU). Records and settings live elsewhere
; (%APPDATA%\org.safeguardingpathways.app) and are never touched by the uninstaller.
;
; Built by scripts/test-windows.sh with Debian's makensis:
;   makensis -DVERSION=0.1.0 -DAPP_EXE=...\safeguarding-pathways.exe \
;            [-DLOADER_DLL=...\WebView2Loader.dll] -DICON=icons\icon.ico \
;            -DOUTFILE=...\safeguarding-pathways-0.1.0-setup.exe packaging/windows/installer.nsi
; LOADER_DLL is given for the GNU build, whose .exe loads WebView2Loader.dll from beside it.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!ifndef VERSION
  !error "VERSION is required (-DVERSION=x.y.z)"
!endif
!ifndef APP_EXE
  !error "APP_EXE is required (-DAPP_EXE=path to safeguarding-pathways.exe)"
!endif
!ifndef ICON
  !error "ICON is required (-DICON=path to icon.ico)"
!endif
!ifndef OUTFILE
  !define OUTFILE "safeguarding-pathways-${VERSION}-setup.exe"
!endif

!define PRODUCT "Safeguarding Pathways"
!define EXE "safeguarding-pathways.exe"
!define PUBLISHER "Safeguarding Pathways"
!define IDENTIFIER "org.safeguardingpathways.app"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
; The WebView2 runtime's client id (Evergreen), under EdgeUpdate\Clients.
!define WEBVIEW2_ID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${PRODUCT}"
VIAddVersionKey "FileDescription" "${PRODUCT} installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "LegalCopyright" "MIT OR Apache-2.0"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${PRODUCT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; The WebView2 runtime draws the app's window. Windows 10 and 11 have it; an older or
; stripped-down system may not, and a per-user installer cannot add it for everyone.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_OK|MB_ICONINFORMATION "${PRODUCT} needs the Microsoft Edge WebView2 Runtime, which Windows 10 and 11 include. It was not found on this computer: if the app does not open, ask your IT team to install the WebView2 Runtime." /SD IDOK
  ${EndIf}
FunctionEnd

Section "${PRODUCT}" Main
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "/oname=${EXE}" "${APP_EXE}"
!ifdef LOADER_DLL
  File "/oname=WebView2Loader.dll" "${LOADER_DLL}"
!endif
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  Call CheckWebView2
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the installer put there: records and settings stay in
  ; %APPDATA%\${IDENTIFIER}, as a person's case records must not go with the program.
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
