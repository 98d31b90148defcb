; Hearth installer for Windows (NSIS 3, Modern UI 2).
;
;   makensis /DVERSION=0.1.0 /DPAYLOAD=..\..\build\dist\hearth /DOUTFILE=..\..\build\installers\Hearth-0.1.0-setup.exe hearth.nsi
;
; PAYLOAD is PyInstaller's onedir folder (build\dist\hearth). Installs per machine into
; Program Files, adds Start-menu and desktop shortcuts, associates .gguf files with
; Hearth, and registers an uninstaller in "Apps & features". The uninstaller removes the
; program and keeps the user's conversations and models (%LOCALAPPDATA%\Hearth) unless the
; user ticks "Also delete my conversations and models".

Unicode true
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\..\build\dist\hearth"
!endif
!ifndef OUTFILE
  !define OUTFILE "Hearth-${VERSION}-setup.exe"
!endif

!define APP_NAME "Hearth"
!define APP_EXE "hearth.exe"
!define APP_ID "org.hearth.Hearth"
!define PROG_ID "Hearth.gguf"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define ICON "..\..\resources\icons\hearth.ico"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
InstallDirRegKey HKLM "Software\${APP_NAME}" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Open Hearth"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "Apache-2.0"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Hearth needs 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Hearth (required)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  File "/oname=hearth.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "Software\${APP_NAME}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Hearth developers"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\hearth.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Start menu shortcut" SecStartMenu
  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\hearth.ico"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\Uninstall ${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"
SectionEnd

Section "Desktop shortcut" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\hearth.ico"
SectionEnd

Section "Open .gguf models with Hearth" SecAssoc
  WriteRegStr HKLM "Software\Classes\.gguf" "" "${PROG_ID}"
  WriteRegStr HKLM "Software\Classes\.gguf" "Content Type" "application/x-gguf"
  WriteRegStr HKLM "Software\Classes\.gguf\OpenWithProgids" "${PROG_ID}" ""
  WriteRegStr HKLM "Software\Classes\${PROG_ID}" "" "GGUF language model"
  WriteRegStr HKLM "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\hearth.ico,0"
  WriteRegStr HKLM "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  WriteRegStr HKLM "Software\Classes\Applications\${APP_EXE}\SupportedTypes" ".gguf" ""
  ; tell Explorer the associations changed (SHCNE_ASSOCCHANGED, SHCNF_IDLIST)
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "Hearth itself."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecStartMenu} "A Hearth entry in the Start menu."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "A Hearth icon on the desktop."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecAssoc} "Double-clicking a .gguf model file opens it in Hearth."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; --- uninstaller -------------------------------------------------------------------------

Section "un.Hearth (program files)" UnSecApp
  SectionIn RO
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"

  ; remove the association only if it is still ours
  ReadRegStr $0 HKLM "Software\Classes\.gguf" ""
  StrCmp $0 "${PROG_ID}" 0 +2
    DeleteRegKey HKLM "Software\Classes\.gguf"
  DeleteRegValue HKLM "Software\Classes\.gguf\OpenWithProgids" "${PROG_ID}"
  DeleteRegKey HKLM "Software\Classes\${PROG_ID}"
  DeleteRegKey HKLM "Software\Classes\Applications\${APP_EXE}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\${APP_NAME}"
  RMDir /r "$INSTDIR"
SectionEnd

; Unticked by default: the user's conversations, settings and downloaded models stay.
Section /o "un.Also delete my conversations and models" UnSecData
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\${APP_NAME}"
  RMDir /r "$APPDATA\${APP_NAME}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecApp} "Remove Hearth's program files, shortcuts and file association."
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "Also delete your conversations, settings, knowledge base and downloaded models. Leave this unticked to keep them for a later install."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
