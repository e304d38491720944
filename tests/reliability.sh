#!/usr/bin/env bash
# The reliability page's figures in one command: installs and builds as the test command does, runs the fault
# tests (each fault injected under writers and readers), prints one row per fault and writes the table into
# docs/reliability.md (--no-docs: print only). Each row comes from a test that also asserts the fault's outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/setup.sh

results=$(mktemp -d)
status=0
dotnet test tests/Platform.Tests --no-build --nologo \
  --filter "FullyQualifiedName~StorageOutageTests.Under_load|FullyQualifiedName~SiloStopTests|FullyQualifiedName~A_rolling_restart|FullyQualifiedName~Azurite_killed_under_load|FullyQualifiedName~ClusteringOutageTests|FullyQualifiedName~CoHostedFaultTests" \
  --logger "trx;LogFileName=reliability.trx" --results-directory "$results" || status=$?

# Each test writes one line: RELIABILITY|fault|requests|failed by status|longest gap|writes lost|time to recover
rows=$(grep -ho 'RELIABILITY|[^<&]*\(&amp;[^<&]*\)*' "$results/reliability.trx" | sed 's/&amp;/\&/g' | sort -u \
  | awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $7 }')
rm -rf "$results"
if [ -z "$rows" ]; then
  echo "No fault test reported figures." >&2
  exit 1
fi

table="| fault | requests | failed, by status | longest gap between successes | acknowledged writes lost | time to recover (fault to last failure) |
|---|---:|---|---:|---:|---:|
$rows"
echo "$table"
if [ "${1:-}" != "--no-docs" ]; then
  machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version)"
  python3 - "$table" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$machine" <<'PY'
import sys, re
table, when, machine = sys.argv[1:4]
path = "docs/reliability.md"
page = open(path).read()
figures = f"<!-- figures -->\nMeasured {when} by `bash tests/reliability.sh` on {machine}.\n\n{table}\n<!-- /figures -->"
open(path, "w").write(re.sub(r"<!-- figures -->.*<!-- /figures -->", lambda _: figures, page, flags=re.S))
PY
fi
exit "$status"
