#!/usr/bin/env python3
"""Opens borderplan.gpkg in headless QGIS and checks that every layer gets BorderPlan's default
style from the GeoPackage's layer_styles table: each layer's renderer after loadDefaultStyle() is
the one the style names (categorized, graduated, rule-based), and a single-symbol layer has the
style's colour, not QGIS's random default. Then opens borderplan.qgs and checks its layers load.
With --serve BINARY, starts `BINARY serve` on a free loopback port and loads EVERY collection of
its OGC API - Features in QGIS's OAPIF provider: each must be valid, and its feature count equal
the export's (the GeoPackage table of the same name; the server's numberMatched for a collection
the GeoPackage does not hold).

Usage: e2e-qgis.py GPKG [QGS] [--serve BINARY]   (exit status 1 on any failure)
"""
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsProject, QgsRenderContext, QgsVectorLayer  # noqa: E402

RENDERERS = {"categorizedSymbol", "graduatedSymbol", "RuleRenderer", "singleSymbol"}


def expected_styles(gpkg):
    """layer -> (renderer type, first symbol colour) read from the styleQML column itself."""
    with sqlite3.connect(gpkg) as db:
        rows = db.execute("SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault").fetchall()
    styles = {}
    for name, qml in rows:
        root = ET.fromstring(qml.encode("utf-8"))
        renderer = root.find("renderer-v2")
        colour = None
        for option in renderer.iter("Option"):
            if option.get("name") in ("color", "line_color"):
                colour = option.get("value")
                break
        styles[name] = (renderer.get("type"), colour)
    return styles


def unrendered(layer):
    """How many features the layer's renderer draws with no symbol (a filter or class that misses)."""
    renderer = layer.renderer().clone()
    context = QgsRenderContext()
    renderer.startRender(context, layer.fields())
    missed = sum(1 for feature in layer.getFeatures() if not renderer.willRenderFeature(feature, context))
    renderer.stopRender(context)
    return missed


def check_styles(gpkg, styles, failures):
    """Each GeoPackage layer with its default style: the renderer the QML names, the style's colour."""
    for name, (kind, colour) in sorted(styles.items()):
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        if not layer.isValid():
            failures.append(f"{name}: QGIS cannot open the layer")
            continue
        message, loaded = layer.loadDefaultStyle()
        renderer = layer.renderer()
        got = renderer.type() if renderer else None
        if not loaded or got != kind:
            failures.append(f"{name}: default style not applied ({message!r}); renderer {got}, expected {kind}")
        elif kind == "singleSymbol":
            want = tuple(int(v) for v in colour.split(",")[:3])
            have = renderer.symbol().color()
            if (have.red(), have.green(), have.blue()) != want:
                failures.append(f"{name}: single symbol colour {have.name()} is not the style's {want}")
        unmatched = unrendered(layer)
        if unmatched:
            failures.append(f"{name}: {unmatched} features match no category, class or rule of the style")
        print(f"{name}: {got}, every one of {layer.featureCount()} features drawn" if not unmatched else f"{name}: {got}")


def check_project(qgs, styles, failures):
    """borderplan.qgs: every layer valid, with the renderer of its GeoPackage style."""
    project = QgsProject.instance()
    if not project.read(qgs):
        failures.append(f"{qgs}: QGIS cannot read the project")
        return
    layers = project.mapLayers().values()
    bad = [layer.name() for layer in layers if not layer.isValid()]
    if len(layers) != len(styles) or bad:
        failures.append(f"{qgs}: {len(layers)} layers ({len(styles)} expected), invalid: {bad}")
    for layer in layers:
        if layer.renderer() and layer.renderer().type() != styles.get(layer.name(), (None,))[0]:
            failures.append(f"{qgs}: {layer.name()} renderer {layer.renderer().type()}")


def gpkg_counts(gpkg):
    """Feature count of every feature table of the GeoPackage."""
    with sqlite3.connect(gpkg) as db:
        tables = [row[0] for row in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def get_json(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def start_server(binary):
    """`binary serve` on a free loopback port; returns (process, base URL) once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--radius", "100"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            get_json(base + "/conformance")
            return process, base
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("e2e-qgis: borderplan serve did not answer in 180 s")


def check_oapif(binary, gpkg, failures):
    """Every collection of the server through QGIS's OAPIF provider, counted against the export."""
    process, base = start_server(binary)
    try:
        expected = gpkg_counts(gpkg)
        collections = [c["id"] for c in get_json(base + "/collections")["collections"]]
        for name in collections:
            layer = QgsVectorLayer(f"url='{base}' typename='{name}' restrictToRequestBBOX='0'", name, "OAPIF")
            if not layer.isValid():
                failures.append(f"OAPIF {name}: QGIS cannot load the collection")
                continue
            counted = sum(1 for _ in layer.getFeatures())
            if name in expected:
                want, source = expected[name], "the GeoPackage"
            else:
                want, source = get_json(f"{base}/collections/{name}/items?limit=1")["numberMatched"], "numberMatched"
            if counted != want:
                failures.append(f"OAPIF {name}: QGIS reads {counted} features, {source} has {want}")
            print(f"OAPIF {name}: {counted} features ({source}: {want})")
        # The plan layer answers a plan request (POST /plans), so the server has no collection of it.
        missing = sorted(set(expected) - set(collections) - {"plan"})
        if missing:
            failures.append(f"OAPIF: the server lacks the export's layers {missing}")
        return len(collections)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main():
    args = sys.argv[1:]
    binary = None
    if "--serve" in args:
        index = args.index("--serve")
        binary = args[index + 1]
        del args[index:index + 2]
    gpkg = args[0]
    qgs = args[1] if len(args) > 1 else None
    app = QgsApplication([], False)
    app.initQgis()
    failures = []
    styles = expected_styles(gpkg)
    if not styles:
        failures.append("layer_styles has no default style")
    check_styles(gpkg, styles, failures)
    if qgs:
        check_project(qgs, styles, failures)
    served = check_oapif(binary, gpkg, failures) if binary else 0
    app.exitQgis()
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    print("e2e-qgis:", "FAILED" if failures else f"ok ({len(styles)} styled layers, {served} OAPIF collections)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
