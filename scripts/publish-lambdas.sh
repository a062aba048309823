#!/usr/bin/env bash
# Publishes each Lambda function as a self-contained linux-x64 app for the provided.al2023 runtime and
# zips it to artifacts/lambda/<function>.zip for the infrastructure program.
#
# Each zip holds the app with its executable named `bootstrap` (what provided.al2023 starts). The functions
# run behind the AWS Lambda Web Adapter layer: the infrastructure sets AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap,
# AWS_LWA_PORT=8080 and ASPNETCORE_HTTP_PORTS=8080 (and, for stream-consumers, dataset-builder and spotify-producer,
# AWS_LWA_PASS_THROUGH_PATH=/events, where Kinesis batches, SQS batches and the scheduler's {"action":...} arrive), plus Recommender__Mode=Aws and the Aws__* settings.
# spotify-producer.zip runs three functions: the fan-out, the poller and the Spotify link endpoints behind API Gateway.
#
# Usage: scripts/publish-lambdas.sh [function ...]   (default: all five)
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A PROJECTS=(
  [ingestion-api]=services/Ingestion.Api/Ingestion.Api.csproj
  [stream-consumers]=services/StreamConsumers/StreamConsumers.csproj
  [recommendations-api]=services/Recommendations.Api/Recommendations.Api.csproj
  [dataset-builder]=services/DatasetBuilder/DatasetBuilder.csproj
  [spotify-producer]=services/SpotifyProducer/SpotifyProducer.csproj
)
ORDER=(ingestion-api stream-consumers recommendations-api dataset-builder spotify-producer)
FUNCTIONS=("${@:-${ORDER[@]}}")

OUT=artifacts/lambda
mkdir -p "$OUT"
for fn in "${FUNCTIONS[@]}"; do
  project=${PROJECTS[$fn]:-}
  if [ -z "$project" ]; then
    echo "unknown function '$fn': expected one of ${ORDER[*]}" >&2
    exit 2
  fi
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT
  echo "==> $fn: dotnet publish $project (linux-x64, self-contained)"
  dotnet publish "$project" --configuration Release --runtime linux-x64 --self-contained true -p:LambdaPackage=true \
    -p:PublishSingleFile=false -p:GenerateDocumentationFile=false --nologo --verbosity quiet --output "$stage/app"

  # The apphost carries the path of its .dll inside it, so renaming the executable keeps it working.
  apphost="$stage/app/$(basename "$project" .csproj)"
  if [ ! -x "$apphost" ]; then
    echo "$fn: no executable $apphost after publish" >&2
    exit 1
  fi
  # Analytics on AWS is Athena: DuckDB's native engine must not ride along (Directory.Build.targets leaves it out).
  if find "$stage/app" \( -name 'libduckdb*' -o -name 'duckdb.dll' \) | grep -q .; then
    echo "$fn: the package holds DuckDB's native library; it must stay out of Lambda packages" >&2
    exit 1
  fi
  mv "$apphost" "$stage/app/bootstrap"
  chmod 755 "$stage/app/bootstrap"

  rm -f "$OUT/$fn.zip"
  (cd "$stage/app" && zip -q -r -X "$OLDPWD/$OUT/$fn.zip" .)
  rm -rf "$stage"
  trap - EXIT
  # Lambda's limits: a direct upload at most 50 MB zipped (the Pulumi program uploads through S3 instead), and 250 MB
  # unzipped for the function and its layers together (the Web Adapter layer is a few MB: 240 MB is left for the app)
  zipped=$(stat -c %s "$OUT/$fn.zip")
  unzipped=$(unzip -l "$OUT/$fn.zip" | tail -1 | awk '{print $1}')
  echo "    $OUT/$fn.zip: $((zipped / 1048576)) MiB zipped, $((unzipped / 1048576)) MiB unzipped (Lambda: 250 MB unzipped with layers)"
  if [ "$unzipped" -gt $((240 * 1048576)) ]; then
    echo "$fn: $unzipped bytes unzipped leaves no room for the Web Adapter layer under Lambda's 250 MB" >&2
    exit 1
  fi
done
