#!/usr/bin/env bash
# Installs what the tests need (Redis, Node tools incl. Azurite), builds once, runs every test, then the
# API tests again with the API co-hosted in a silo (the app host's default topology), and ends with
# one line: "N passed, N failed, N skipped", summed from both runs' test results themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

source tests/setup.sh
results=$(mktemp -d)
status=0
dotnet test tests/Platform.Tests --no-build --nologo --logger "trx;LogFileName=separate.trx" --results-directory "$results" || status=$?
# The signal tests are not in this pass yet: once the co-hosted test silo matures, Orleans moves the test
# cluster's in-memory stream queues to it, and live and durable signals sent meanwhile went missing (issue 12).
PLATFORM_TOPOLOGY=cohosted dotnet test tests/Platform.Tests --no-build --nologo \
  --filter "FullyQualifiedName~Platform.Tests.Api" \
  --logger "trx;LogFileName=cohosted.trx" --results-directory "$results" || status=$?

counters() { grep -ho '<Counters [^>]*>' "$1" 2>/dev/null | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p"; }
passed=0; failed=0; total=0; executed=0; idle=0
for run in separate cohosted; do
  trx="$results/$run.trx"
  ran=$(counters "$trx" executed || true)
  # A run that wrote no results or executed nothing fails the whole, whatever the other did.
  [ "${ran:-0}" -gt 0 ] || idle=1
  passed=$(( passed + $(counters "$trx" passed || true) + 0 )); failed=$(( failed + $(counters "$trx" failed || true) + 0 ))
  total=$(( total + $(counters "$trx" total || true) + 0 )); executed=$(( executed + ${ran:-0} ))
done
# A skipped test is counted in total but not executed (the trx notExecuted counter stays 0 for it).
skipped=$(( total - executed ))
rm -rf "$results"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$idle" -eq 1 ]; then
  echo "A test run executed no test." >&2
  exit 1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # No test failed, yet a run did (for instance a fixture's clean-up threw): its output above says which.
  echo "A test run failed outside its tests." >&2
fi
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
