#!/usr/bin/env bash
# Installs the system packages BorderPlan needs, only when something is missing.
# Runs `apt-get update` once, before the first install, because a fresh machine
# may have no package lists.
set -euo pipefail

packages=(libgeos-dev libproj-dev proj-data gdal-bin pkg-config librsvg2-bin libsqlite3-dev fonts-dejavu-core libjs-leaflet)
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if command -v pkg-config >/dev/null 2>&1; then
  pkg-config --exists geos || missing+=(libgeos-dev)
  pkg-config --exists proj || missing+=(libproj-dev)
  pkg-config --exists sqlite3 || missing+=(libsqlite3-dev)
fi
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -f "$(pkg-config --variable=datadir proj 2>/dev/null)/proj/proj.db" ] || [ -f /usr/share/proj/proj.db ] || missing+=(proj-data)
command -v ogrinfo >/dev/null 2>&1 || missing+=(gdal-bin)
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
# Leaflet for the web map of `borderplan serve` (served from this path, never from a CDN).
[ -f /usr/share/javascript/leaflet/leaflet.js ] && [ -f /usr/share/javascript/leaflet/leaflet.css ] || missing+=(libjs-leaflet)

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all present (GEOS $(pkg-config --modversion geos), PROJ $(pkg-config --modversion proj), $(ogrinfo --version | cut -d, -f1))"
  exit 0
fi

echo "deps: missing ${missing[*]}; installing ${packages[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "deps: need root (or sudo) to run apt-get install ${packages[*]}; install them by hand and run make again" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "deps: no apt-get on this machine; install GEOS, PROJ (+ data), GDAL tools, pkg-config and rsvg-convert by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}"
echo "deps: installed GEOS $(pkg-config --modversion geos), PROJ $(pkg-config --modversion proj)"
