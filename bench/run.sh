#!/usr/bin/env bash
# The benchmark, in one command: installs wrk, gnuplot and Redis when missing, builds in Release,
# starts the platform and the peers on loopback, runs every scenario, stops everything, prints the
# table and writes docs/benchmarks.md with its plot. Options: bash bench/run.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dotnet build bench/Harness -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet bench/Harness/bin/Release/net10.0/Platform.Bench.dll "$@"
