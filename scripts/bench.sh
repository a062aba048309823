#!/usr/bin/env bash
# The performance bench of issue 14, one command: builds Release, runs the all-in-one host on a fresh data folder under load from
# the C# load generator (benchmarks/Recommender.Benchmarks/Suite) and writes docs/benchmarks.md's performance section and
# docs/cost-growth.png. Options: --quick (a smaller smoke run, written under /tmp unless --out is given), --runs N,
# --growth-sizes A,B,C, --no-growth, --out FILE, --chart FILE. Every process it starts is stopped on exit, Ctrl+C included.
set -euo pipefail
cd "$(dirname "$0")/.."

work="${BENCH_WORK_DIR:-$(mktemp -d /tmp/recommender-bench.XXXXXX)}"
pids="$work/pids"
bench_pid=""
stop_all() {
  [[ -n "$bench_pid" ]] && kill -TERM "$bench_pid" 2>/dev/null && wait "$bench_pid" 2>/dev/null || true
  if [[ -f "$pids" ]]; then
    while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done < "$pids"
    sleep 2
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done < "$pids"
  fi
  rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# the chart is drawn by headless Chromium; install it when missing (Debian)
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  echo "installing chromium for the chart (apt-get)"
  (sudo -n true 2>/dev/null && SUDO=sudo || SUDO=""; $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null) \
    || echo "could not install chromium: the chart is written as SVG only"
fi

echo "building Release"
dotnet build -c Release benchmarks/Recommender.Benchmarks -v quiet -nologo
host_dll="services/Recommender.AllInOne/bin/Release/net10.0/Recommender.AllInOne.dll"

dotnet benchmarks/Recommender.Benchmarks/bin/Release/net10.0/Recommender.Benchmarks.dll bench \
  --host-dll "$host_dll" --work-dir "$work/run" --pid-file "$pids" --command "scripts/bench.sh $*" "$@" &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=""
exit $status
