#!/usr/bin/env bash
# Refresh the vendored front-end assets under static/vendor/ from the npm registry.
# No CDN at run time: offices run offline intranets. Run by hand; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A PACKAGES=(
  [htmx.org]="2.0.4|dist/htmx.min.js"
  [echarts]="5.6.0|dist/echarts.min.js"
  [leaflet]="1.9.4|dist/leaflet.js dist/leaflet.css dist/images"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in "${!PACKAGES[@]}"; do
  IFS='|' read -r version files <<<"${PACKAGES[$name]}"
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  mkdir -p "$tmp/$name" && tar -xzf "$tmp"/*"$version".tgz -C "$tmp/$name" && rm "$tmp"/*"$version".tgz
  dest="static/vendor/$name"
  rm -rf "$dest" && mkdir -p "$dest"
  for f in $files; do cp -r "$tmp/$name/package/$f" "$dest/"; done
  cp "$tmp/$name/package/LICENSE"* "$dest/" 2>/dev/null || true
  # source maps are not shipped: drop their references so collectstatic's manifest stays complete
  find "$dest" -name '*.js' -o -name '*.css' | xargs sed -i -E 's#//[#@] sourceMappingURL=\S+##; s#/\*[#@] sourceMappingURL=\S+ \*/##'
  echo "$name $version" > "$dest/VERSION"
done
ls -R static/vendor | head -40
