#!/usr/bin/env bash
# Refresh communique/web/static/vendor from the npm registry at the versions in package.json.
# Runs `npm pack` in a temporary folder (no node_modules in the repo), then copies the built files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vendor="$here/../static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version() { node -p "require('$here/package.json').dependencies['$1']"; }
cd "$work"
for name in cytoscape world-atlas; do
  npm pack --silent "$name@$(version "$name")" >/dev/null
  mkdir -p "$name" && tar xzf "$name"-*.tgz -C "$name"
done
install -D -m 644 cytoscape/package/dist/cytoscape.min.js "$vendor/cytoscape/cytoscape.min.js"
install -D -m 644 cytoscape/package/LICENSE "$vendor/cytoscape/LICENSE"
install -D -m 644 world-atlas/package/countries-110m.json "$vendor/world-atlas/countries-110m.json"
install -D -m 644 world-atlas/package/LICENSE "$vendor/world-atlas/LICENSE"
echo "vendored: cytoscape $(version cytoscape), world-atlas $(version world-atlas); update VERSIONS.md"
