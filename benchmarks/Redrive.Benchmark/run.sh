#!/usr/bin/env bash
# The AWS dead-letter redrive against kinesalite + dynalite + the SQS fake: RECORDS (default 5000) dead-lettered plays in
# batches of 100, one `dead-letters redrive`, timed. Writes its output to <work-dir>/results.txt.
# Usage: benchmarks/Redrive.Benchmark/run.sh [work-dir]   (default /tmp/redrive-bench; RECORDS=5000)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-/tmp/redrive-bench}"
npm ci --prefix tests --no-audit --no-fund >/dev/null
dotnet build -c Release benchmarks/Redrive.Benchmark/Redrive.Benchmark.csproj -v q -nologo
mkdir -p "$work"
{
  echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short HEAD); uptime:$(uptime)"
  dotnet benchmarks/Redrive.Benchmark/bin/Release/net10.0/Redrive.Benchmark.dll "${RECORDS:-5000}"
  echo "== done; uptime:$(uptime)"
} 2>&1 | tee "$work/results.txt"
