; Inno Setup 6 script for Quillmate (packaging/windows/build.ps1 passes the defines).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef Variant
  #define Variant "cpu"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\" + Variant + "\quillmate"
#endif

[Setup]
AppId={{6F7B0D9E-3C55-4C8B-9A61-2F0E8E4B7A11}
AppName=Quillmate
AppVersion={#AppVersion}
AppPublisher=Quillmate contributors
AppPublisherURL=https://github.com/quillmate/quillmate
DefaultDirName={autopf}\Quillmate
DefaultGroupName=Quillmate
DisableProgramGroupPage=yes
OutputBaseFilename=quillmate-{#AppVersion}-windows-{#Variant}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern
UninstallDisplayIcon={app}\quillmate.exe

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Quillmate"; Filename: "{app}\quillmate.exe"
Name: "{autodesktop}\Quillmate"; Filename: "{app}\quillmate.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\quillmate.exe"; Description: "{cm:LaunchProgram,Quillmate}"; Flags: nowait postinstall skipifsilent
