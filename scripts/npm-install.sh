#!/usr/bin/env bash
# npm-install.sh — installs the npm packages package.json names (the UI's
# libraries cytoscape and echarts and the NL Design System's components-css
# and design tokens, which the build copies to /vendor; the OpenAPI
# validator @redocly/cli; the client generator openapi-typescript with
# openapi-fetch and typescript; axe-core and playwright-core for the browser tests) into
# node_modules exactly as package-lock.json pins them, with `npm ci`, when
# node_modules is missing or older than the lock file. Independent of make.
# Exit 0 when the tools are ready, 1 when npm is absent or the install failed.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "npm-install: node and npm are not installed" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "npm-install: node $(node --version) is older than 20, which these tools need" >&2
  exit 1
fi
if [ -x node_modules/.bin/redocly ] && [ -d node_modules/playwright-core ] &&
   [ -x node_modules/.bin/openapi-typescript ] && [ -x node_modules/.bin/tsc ] &&
   [ -d node_modules/echarts ] && [ -d node_modules/@rijkshuisstijl-community/components-css ] &&
   [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0
fi
echo "npm-install: npm ci (package-lock.json)" >&2
if ! npm ci --no-audit --no-fund --loglevel=error >&2; then
  echo "npm-install: npm ci failed" >&2
  exit 1
fi
