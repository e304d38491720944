# Sourced by tests/run.sh and tests/reliability.sh: installs what the tests need (Redis, Node tools incl.
# Azurite, Chromium) when missing, and builds the solution once.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
need_apt() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

command -v redis-server >/dev/null || { echo "Installing redis-server..."; need_apt redis-server; }
command -v npm >/dev/null || { echo "Installing Node.js and npm..."; need_apt nodejs npm; }
command -v chromium >/dev/null || { echo "Installing Chromium (browser check of the event stream)..."; need_apt chromium; }
# ajv (manifest schema check) and Azurite (Azure Storage emulator), at the versions in the lock file.
npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error >/dev/null

dotnet build Platform.sln --nologo -v quiet -clp:ErrorsOnly
