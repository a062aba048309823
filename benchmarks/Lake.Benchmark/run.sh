#!/usr/bin/env bash
# Listening analytics benchmark: a 10-million-event lake from the producer's simulator, compacted into Parquet, then
# one listener's stats and everyone's daily report, several runs each. Writes its output to <work-dir>/results.txt.
# Usage: benchmarks/Lake.Benchmark/run.sh [work-dir]   (default /tmp/lake-bench; EVENTS=10000000 RUNS=5)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-/tmp/lake-bench}"
events="${EVENTS:-10000000}"
runs="${RUNS:-5}"
dotnet build -c Release benchmarks/Lake.Benchmark/Lake.Benchmark.csproj -v q -nologo
bench="dotnet benchmarks/Lake.Benchmark/bin/Release/net10.0/Lake.Benchmark.dll"
rm -rf "$work"
mkdir -p "$work"
{
  echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short HEAD); uptime:$(uptime)"
  $bench generate --lake "$work/archive" --events "$events"
  echo "JSON lines on disk: $(du -sm "$work/archive" | cut -f1) MB (du -sm)"
  $bench compact --lake "$work/archive"
  echo "Parquet lake on disk: $(du -sm "$work/archive" | cut -f1) MB (du -sm)"
  $bench small-files --lake "$work/one-day"
  $bench query --lake "$work/archive" --runs "$runs"
  echo "== done; uptime:$(uptime)"
} 2>&1 | tee "$work/results.txt"
