#!/usr/bin/env bash
# Installs what the tests need (Redis, Node tools incl. Azurite), builds once, runs every test, and
# ends with one line: "N passed, N failed, N skipped", read from the test results themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

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
results=$(mktemp -d)
status=0
dotnet test tests/Platform.Tests --no-build --nologo --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

counters=$(grep -o '<Counters [^>]*>' "$results"/results.trx 2>/dev/null || true)
count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
# A skipped test is counted in total but not executed (the trx notExecuted counter stays 0 for it).
skipped=$(( ${total:-0} - ${executed:-0} ))
rm -rf "$results"
if [ -z "$counters" ] || [ "${executed:-0}" -eq 0 ]; then
  echo "0 passed, 0 failed, 0 skipped"
  echo "No test was executed." >&2
  exit 1
fi

echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
