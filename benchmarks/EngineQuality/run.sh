#!/usr/bin/env bash
# Engine quality on Last.fm HetRec 2K: the self-tuned engine (default budget, no hand-set flags) under the 8:1:1 random split with
# full ranking, seeds 1 2 3, then the tag assignments with each family's best refit beside it. Writes every run's output and a
# summary (per seed, mean, load average) to the results folder.
# Usage: benchmarks/EngineQuality/run.sh [results-dir]   (default /tmp/engine-quality; SEEDS="1 2 3", DATASETS=../shared/datasets)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-/tmp/engine-quality}"
seeds="${SEEDS:-1 2 3}"
data="${RECOMMENDER_DATASETS:-../shared/datasets}/lastfm-hetrec-2k"
[ -d "$data" ] || { echo "no Last.fm HetRec 2K at $data (set RECOMMENDER_DATASETS)" >&2; exit 2; }
mkdir -p "$out"
dotnet build -c Release services/Recommender.AllInOne -v q -nologo
host=services/Recommender.AllInOne/bin/Release/net10.0/Recommender.AllInOne.dll
summary="$out/summary.txt"
{ echo "commit $(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC')"; echo "before: $(uptime)"; } > "$summary"
for seed in $seeds; do
  dotnet "$host" evaluate --dataset lastfm-hetrec-2k --path "$data" --protocol random-811 --seed "$seed" --no-baselines --json \
    | tee "$out/lastfm-seed-$seed.txt"
done
dotnet "$host" evaluate --dataset lastfm-hetrec-2k-tags --path "$data" --protocol random-811 --seed 42 --families --json \
  | tee "$out/lastfm-tags-seed-42.txt"
{
  echo "after: $(uptime)"
  echo "Last.fm HetRec 2K, random-811, self-tuned (default budget):"
  for seed in $seeds; do
    tail -n 1 "$out/lastfm-seed-$seed.txt" | jq -r --arg s "$seed" '"seed \($s): ndcg@10 \(.["ndcg@10"]) recall@10 \(.["recall@10"]) train_s \(.train_seconds) \(.algorithm): \(.settings)"'
  done
  for seed in $seeds; do tail -n 1 "$out/lastfm-seed-$seed.txt"; done \
    | jq -s -r '"mean: ndcg@10 \((map(.["ndcg@10"]) | add / length * 10000 | round / 10000)) recall@10 \((map(.["recall@10"]) | add / length * 10000 | round / 10000))"'
  echo "tag assignments, seed 42 (engine and each family's best, refit):"
  grep -E "^(engine|family|popularity|item-knn)" "$out/lastfm-tags-seed-42.txt"
} | tee -a "$summary"
