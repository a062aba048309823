#!/usr/bin/env bash
# Dataset builder benchmark: simulated archives of two sizes, then one local build of each under /usr/bin/time -v.
# Usage: benchmarks/DatasetBuilder.Benchmark/run.sh [work-dir]   (default /tmp/builder-bench; sizes via SIZES="250000 1000000")
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-/tmp/builder-bench}"
sizes="${SIZES:-250000 1000000}"
dotnet build -c Release benchmarks/DatasetBuilder.Benchmark/DatasetBuilder.Benchmark.csproj -v q -nologo
bench=benchmarks/DatasetBuilder.Benchmark/bin/Release/net10.0/DatasetBuilder.Benchmark.dll
for n in $sizes; do
  dir="$work/$n"
  rm -rf "$dir"
  dotnet "$bench" archive --data-dir "$dir" --events "$n" --users 10000 --tracks 20000
  /usr/bin/time -v dotnet "$bench" build --data-dir "$dir" --since all 2> "$dir/time.txt"
  grep -E "Elapsed|Maximum resident" "$dir/time.txt"
done
