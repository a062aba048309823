#!/usr/bin/env bash
# The long proofs of docs/reliability.md: ./run.sh crash [--kills N], fuzz [--requests N] or faults [--fault-seconds N] or overload [--overload-seconds N]; builds the host first.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release services/Recommender.AllInOne -v quiet -nologo
dotnet run -c Release --project benchmarks/Reliability.Proofs -- "${1:-crash}" "${@:2}"
