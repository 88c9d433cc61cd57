#!/usr/bin/env python3
"""Opens borderplan.gpkg in headless QGIS and checks that every layer gets BorderPlan's default
style from the GeoPackage's layer_styles table: each layer's renderer after loadDefaultStyle() is
the one the style names (categorized, graduated, rule-based), and a single-symbol layer has the
style's colour, not QGIS's random default. Then opens borderplan.qgs and checks its layers load.

Usage: e2e-qgis.py GPKG [QGS]   (exit status 1 on any failure)
"""
import os
import sqlite3
import sys
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


def main():
    gpkg = sys.argv[1]
    qgs = sys.argv[2] if len(sys.argv) > 2 else None
    app = QgsApplication([], False)
    app.initQgis()
    failures = []
    styles = expected_styles(gpkg)
    if not styles:
        failures.append("layer_styles has no default style")
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
    if qgs:
        project = QgsProject.instance()
        if not project.read(qgs):
            failures.append(f"{qgs}: QGIS cannot read the project")
        else:
            layers = project.mapLayers().values()
            bad = [layer.name() for layer in layers if not layer.isValid()]
            if len(layers) != len(styles) or bad:
                failures.append(f"{qgs}: {len(layers)} layers ({len(styles)} expected), invalid: {bad}")
            for layer in layers:
                if layer.renderer() and layer.renderer().type() != styles.get(layer.name(), (None,))[0]:
                    failures.append(f"{qgs}: {layer.name()} renderer {layer.renderer().type()}")
    app.exitQgis()
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    print("e2e-qgis:", "FAILED" if failures else f"ok ({len(styles)} layers)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
