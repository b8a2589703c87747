# Build the Windows one-folder bundle and its installer (Inno Setup).
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1            # CPU
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -Cuda      # NVIDIA CUDA
# Needs Python 3.10+, Visual Studio Build Tools (C++), CMake; for -Cuda the CUDA Toolkit;
# for the installer Inno Setup 6 (iscc.exe on PATH or in its default folder).
param([switch]$Cuda, [string]$Venv = "$env:TEMP\quillmate-pack-venv")
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
$Variant = if ($Cuda) { "cuda" } else { "cpu" }

python -m venv $Venv
$Pip = "$Venv\Scripts\pip.exe"
if ($Cuda) {
    # llama.cpp with its CUDA backend, built from source (never a cached CPU wheel).
    $env:CMAKE_ARGS = "-DGGML_CUDA=on"
} else {
    $env:CMAKE_ARGS = "-DGGML_CUDA=off"
}
& $Pip install --no-cache-dir --force-reinstall --no-binary llama-cpp-python "llama-cpp-python==0.3.36"
if ($LASTEXITCODE) { throw "llama-cpp-python build failed" }
& $Pip install -q $Root "pyinstaller==6.22.3"
if ($LASTEXITCODE) { throw "pip install failed" }

$Dist = "$Root\packaging\dist\$Variant"
& "$Venv\Scripts\pyinstaller.exe" --noconfirm --clean --distpath $Dist `
    --workpath "$Root\packaging\build" "$Root\packaging\quillmate.spec"
if ($LASTEXITCODE) { throw "pyinstaller failed" }
Remove-Item -Recurse -Force "$Root\packaging\build"

# A CUDA bundle needs the CUDA runtime DLLs beside ggml-cuda.dll (cudart, cublas, cublasLt).
if ($Cuda -and $env:CUDA_PATH) {
    Copy-Item "$env:CUDA_PATH\bin\cudart64_*.dll", "$env:CUDA_PATH\bin\cublas64_*.dll", `
        "$env:CUDA_PATH\bin\cublasLt64_*.dll" "$Dist\quillmate\_internal\llama_cpp\lib\"
}

$Version = & "$Venv\Scripts\python.exe" -c "import app; print(app.__version__)"
$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" "/DVariant=$Variant" "/DSourceDir=$Dist\quillmate" `
    "/O$Root\packaging\dist" "$PSScriptRoot\quillmate.iss"
if ($LASTEXITCODE) { throw "Inno Setup failed" }
Write-Host "build.ps1: packaging\dist\quillmate-$Version-windows-$Variant-setup.exe"
