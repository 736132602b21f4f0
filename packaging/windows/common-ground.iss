; Inno Setup 6 script for Common Ground on Windows: installs the PyInstaller one-folder bundle
; (dist\companion\) with a Start menu entry, an uninstaller and an optional "start at login".
; Build (see README.md):   iscc /DAppVersion=0.1.0 packaging\windows\common-ground.iss
; Output: dist\common-ground-<version>-setup.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Common Ground"
#define AppExeName "companion.exe"
#define AppPublisher "The Common Ground developers"
#define AppURL "https://commonground.example.org/"
; Paths are relative to this script's folder (SourceDir below is the repository root).
#define BundleDir "dist\companion"

[Setup]
; The AppId identifies the app to the uninstaller and to upgrades: never change it.
AppId={{6F1C2B7E-4C3A-4E8B-9F2D-3A7B5C1E9D40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppPublisherURL={#AppURL}
AppSupportURL={#AppURL}
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=common-ground-{#AppVersion}-setup
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default (no admin rights needed); the dialog offers "for all users".
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
SetupIconFile=build\icons\org.commonground.Companion.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
; A running instance holds the store lock; ask it to close before files are replaced.
CloseApplications=yes
RestartApplications=no
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[CustomMessages]
english.StartAtLogin=Start {#AppName} when I log in (hidden in the notification area)
german.StartAtLogin={#AppName} beim Anmelden starten (unsichtbar im Infobereich)
english.QuickCapture=Quick capture
german.QuickCapture=Schnell notieren

[Tasks]
Name: "startatlogin"; Description: "{cm:StartAtLogin}"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; AppUserModelID: "org.commonground.Companion"
Name: "{autoprograms}\{#AppName} - {cm:QuickCapture}"; Filename: "{app}\{#AppExeName}"; Parameters: "capture"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Registry]
; Start at login: the Run key of the user (per-user install) or of the machine (all users).
; Users switch it off later in Settings > Apps > Startup (or Task Manager > Startup apps).
Root: HKA; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExeName}"" --background"; Flags: uninsdeletevalue; Tasks: startatlogin

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put there; the user's data in %APPDATA%\common-ground stays.
Type: filesandordirs; Name: "{app}\_internal"
