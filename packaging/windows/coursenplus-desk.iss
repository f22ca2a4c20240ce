; Inno Setup 6.3+ script of Cours en Plus Desk (per-user install, no administrator rights).
; Build on Windows, after `make package` (or `python packaging\build.py`) made
; dist\coursenplus-desk\, from the repository root:
;   iscc /DAppVersion=0.1.0 packaging\windows\coursenplus-desk.iss
; packaging\build.py runs this itself when iscc is on the PATH.
; The installer is written to dist\coursenplus-desk-<version>-setup.exe.
; Uninstalling removes the program only: the vault and its backups stay in
; %LOCALAPPDATA%\CoursEnPlusDesk (they hold the association's records).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Cours en Plus Desk"
#define GuiExe "CoursEnPlusDesk.exe"
#define Root "..\.."

[Setup]
; AppId identifies the program for updates and the uninstaller: never change it.
AppId={{5B0E6C1E-3A8F-4C57-9D7B-2E4F1A6C8D93}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Cours en Plus
VersionInfoVersion={#AppVersion}
; Per-user: installs into %LOCALAPPDATA%\Programs, the Start menu of this user, HKCU.
PrivilegesRequired=lowest
; An IT department may still install for all users with /ALLUSERS on the command line.
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=coursenplus-desk-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\coursenplus-desk.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The wizard speaks the language of Windows when it is one of ours; else it asks.
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\coursenplus-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

