#!/usr/bin/env bash
# The whole test suite: the README's test command and what CI runs. Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")"

# Protocol peers for the AWS adapter tests (kinesalite, dynalite, s3rver), pinned in tests/package.json.
if [ -f tests/package.json ]; then
  echo "==> npm ci (tests/: local AWS protocol peers)"
  npm ci --prefix tests --no-audit --no-fund --loglevel=error
fi

# The Pulumi program: strict type check and policy tests with Pulumi's mocks.
if [ -f infra-pulumi/package.json ]; then
  echo "==> infra-pulumi: npm ci, tsc --noEmit, mock tests"
  npm ci --prefix infra-pulumi --no-audit --no-fund --loglevel=error
  npm test --prefix infra-pulumi
fi

# Debian's chromium for the dashboard's browser test (Microsoft.Playwright drives /usr/bin/chromium); installed once.
if [ ! -x /usr/bin/chromium ]; then
  echo "==> apt-get install chromium (the dashboard's browser test)"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

echo "==> dotnet test"
dotnet test Recommender.sln --configuration Release "$@"
