#!/bin/sh
# Vendor the dashboard's front-end libraries: `npm ci` from package-lock.json, then copy the
# minified builds and their licences into src/kizashi/web/static/vendor/. The copies are committed,
# so the app runs without npm; nothing is loaded from a CDN at run time.
set -eu
cd "$(dirname "$0")/.."
DEST=src/kizashi/web/static/vendor
npm ci --ignore-scripts --no-audit --no-fund >/dev/null
mkdir -p "$DEST"
# dist/ bundles its dependencies (moment, vis-data) and, unlike standalone/, injects no <style>
# elements, which the dashboard's Content-Security-Policy would block: the CSS file is linked instead
cp node_modules/vis-timeline/dist/vis-timeline-graph2d.min.js "$DEST/"
cp node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css "$DEST/"
cp node_modules/vis-timeline/LICENSE.md "$DEST/vis-timeline.LICENSE.md"
cp node_modules/vis-timeline/LICENSE.MIT.txt "$DEST/vis-timeline.LICENSE.MIT.txt"
cp node_modules/cytoscape/dist/cytoscape.min.js "$DEST/"
cp node_modules/cytoscape/LICENSE "$DEST/cytoscape.LICENSE"
# the source-map comments point at files we do not ship
sed -i '/^\/\/# sourceMappingURL=/d' "$DEST"/*.min.js
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' "$DEST"/*.min.css
node -e 'const p=require("./package-lock.json").packages; for (const k of ["vis-timeline","cytoscape"]) console.log(k, p["node_modules/"+k].version)' > "$DEST/VERSIONS"
echo "vendored into $DEST:"
ls "$DEST"
