/// The web map's script (`/assets/map.js`): base layers from the collections, coverage and plans
/// from `POST /scenarios/coverage` and `POST /plans`, texts from `/assets/messages.json`.
enum WebMapScript {
    static let text = #"""
"use strict";
(async function () {
  const STATUS_COLOURS = { open: "#1a9641", suspended: "#f39c12", closed: "#ca0020", planned: "#2c7fb8" };
  const PARTNER_COLOURS = { TN: "#e41a1c", LY: "#377eb8", NE: "#4daf4a", ML: "#984ea3", MR: "#ff7f00", EH: "#a65628", MA: "#f781bf" };
  const SHARE_CLASSES = [[80, "#006837"], [60, "#31a354"], [40, "#78c679"], [20, "#c2e699"], [0, "#ffffcc"]];
  const STATUSES = ["open", "suspended", "closed", "planned"];
  const TRAFFIC = ["travellers", "goods"];
  const SERVICES = ["travellers", "goods", "any"];
  const PARTNERS = ["TN", "LY", "NE", "ML", "MR", "EH", "MA"];
  const MODELS = { communes: "webmap.model.communes", grid: "webmap.model.grid", places: "webmap.model.places" };
  const LAYER_TITLES = { wilayas: "webmap.layers.wilayas", borders: "webmap.layers.borders", crossings: "webmap.layers.crossings",
                         catchments: "webmap.layers.catchments", gaps: "webmap.layers.gaps", plan: "webmap.layers.plan", neighbours: "webmap.layers.neighbours" };
  const LANGUAGES = ["ar", "fr", "en"];

  const query = new URLSearchParams(location.search);
  const state = {
    lang: LANGUAGES.includes(query.get("lang")) ? query.get("lang") : "en",
    messages: null, overrides: {}, traffic: {}, baseSites: null, radius: 100, model: "communes", service: "travellers", excluded: ["MA"],
    baseline: null, wilayaNames: {}, coverage: null, byCode: {}, plan: null, request: 0, updates: 0
  };
  const $ = (id) => document.getElementById(id);
  // The text of `key` in the page's language, its {placeholders} filled from `values`.
  const t = (key, values) => ((state.messages[state.lang] || {})[key] || state.messages.en[key] || key)
    .replace(/\{(\w+)\}/g, (whole, name) => (values && name in values ? values[name] : whole));
  const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const fmt = (n, digits = 0) => new Intl.NumberFormat(state.lang === "ar" ? "ar-DZ" : state.lang,
    { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
  const nameOf = (p) => p["name_" + state.lang] || p.name_en || p.name || p.id;
  // A knowledge-base text (`<field>_ar/_fr/_en`) in the page's language; not yet translated, it says
  // so and shows the language it has (as Localizer.dataText does).
  function dataText(p, field) {
    if (p[field + "_" + state.lang]) return p[field + "_" + state.lang];
    const other = ["en", "fr", "ar"].find((lang) => lang !== state.lang && p[field + "_" + lang]);
    return other ? t("kbtexts.untranslated", { language: t("kbtexts.in." + other), text: p[field + "_" + other] }) : "";
  }

  // Every request names the map's language, so the server's problem details come in it.
  async function fetchJSON(url, options) {
    const headers = Object.assign({ "Accept-Language": state.lang }, (options || {}).headers);
    const response = await fetch(url, Object.assign({}, options, { headers }));
    const body = await response.json();
    if (!response.ok) throw new Error((body.detail || response.statusText) + (body.field ? " [" + body.field + "]" : ""));
    return body;
  }
  function setStatus(text, error) {
    $("status").textContent = text;
    $("status").className = error ? "webmap.error" : "";
  }
  const post = (url, body) => fetchJSON(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

  // ---- layers ----
  const map = L.map("map", { zoomSnap: 0.25 }).setView([28.2, 2.6], 5);
  map.attributionControl.setPrefix(false);
  function shareColour(share) {
    if (share === null || share === undefined) return "#d9d9d9";
    return SHARE_CLASSES.find(([min]) => share >= min)[1];
  }
  function wilayaStyle(feature) {
    const row = state.byCode[feature.properties.code];
    return { color: "#666", weight: 0.6, fillOpacity: 0.85, fillColor: row ? shareColour(row.population_pct) : "#f7f7f7" };
  }
  function wilayaTooltip(feature) {
    const p = feature.properties, row = state.byCode[p.code];
    let html = "<b>" + esc(p.code + " " + nameOf(p)) + "</b>";
    if (row) html += "<br>" + esc(t("webmap.coveredPopulation")) + t("webmap.colon") + fmt(row.covered_population) + " / " + fmt(row.population)
      + (row.population_pct === null ? "" : " (" + fmt(row.population_pct, 1) + t("webmap.percent") + ")");
    return html;
  }
  // Filled by status; pale when the crossing does not serve the chosen service; a black ring marks a what-if change.
  function crossingStyle(feature) {
    const p = feature.properties, changed = state.overrides[p.id] || state.traffic[p.id];
    return { radius: p.hypothetical ? 8 : 6, color: changed ? "#000" : "#fff", weight: changed ? 3 : 1.5,
             fillColor: STATUS_COLOURS[p.status] || "#888", fillOpacity: p.open ? 1 : 0.35 };
  }
  const layers = {
    neighbours: L.geoJSON(null, { style: { color: "#999", weight: 1, fillColor: "#ececec", fillOpacity: 1 }, interactive: false }),
    wilayas: L.geoJSON(null, { style: wilayaStyle, onEachFeature: (f, l) => l.bindTooltip(() => wilayaTooltip(f), { sticky: true }) }),
    catchments: L.geoJSON(null, { style: { color: "#1a9641", weight: 1, fillColor: "#1a9641", fillOpacity: 0.07 }, filter: (f) => f.properties.open, interactive: false }),
    borders: L.geoJSON(null, { style: (f) => f.properties.kind === "land" ? { color: PARTNER_COLOURS[f.properties.country] || "#333", weight: 3.5 } : { color: "#2b8cbe", weight: 1.2 },
                               onEachFeature: (f, l) => l.bindTooltip(() => esc(nameOf(f.properties)) + (f.properties.kind === "land" ? " — " + fmt(f.properties.length_km) + " " + t("unit.km") : "")) }),
    gaps: L.geoJSON(null, { style: { color: "#000", weight: 7, opacity: 0.45, dashArray: "4 8" },
                            onEachFeature: (f, l) => l.bindTooltip(() => esc(t("webmap.layers.gaps")) + t("webmap.colon") + fmt(f.properties.length_km) + " " + t("unit.km")) }),
    crossings: L.geoJSON(null, { pointToLayer: (f, latlng) => L.circleMarker(latlng, crossingStyle(f)),
                                 onEachFeature: (f, l) => { l.bindPopup(() => crossingPopup(f), { maxWidth: 320 }); l.bindTooltip(() => esc(nameOf(f.properties))); } }),
    plan: L.geoJSON(null, { pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 12, color: "#000", weight: 3, fillColor: "#ffd700", fillOpacity: 0.85 }),
                            onEachFeature: (f, l) => l.bindTooltip(() => "#" + f.properties.rank + " " + esc(siteName(f.id, f.properties.name)), { permanent: true, direction: "right" }) })
  };
  for (const layer of Object.values(layers)) layer.addTo(map);

  function siteName(id, fallback) {
    const crossing = (state.baseline || []).find((f) => f.properties.id === id);
    return crossing ? nameOf(crossing.properties) : (fallback || id);
  }
  function baseTraffic(id) {
    return ((state.baseSites || {})[id] || { traffic: TRAFFIC }).traffic;
  }
  function effectiveTraffic(id) {
    return state.traffic[id] || baseTraffic(id);
  }
  const trafficText = (list) => list.map((x) => t("traffic." + x)).join(" + ");
  function effectiveStatus(id) {
    const crossing = (state.baseline || []).find((f) => f.properties.id === id);
    return state.overrides[id] || (crossing && crossing.properties.status) || "open";
  }
  function crossingPopup(feature) {
    const p = feature.properties;
    const row = (key, value) => value ? "<tr><th>" + esc(t(key)) + "</th><td>" + esc(value) + "</td></tr>" : "";
    const open = p.open;
    return "<div class=\"popup\"><h3>" + esc(nameOf(p)) + "</h3><table>"
      + row("webmap.popup.status", t("status." + p.status)) + row("webmap.popup.traffic", trafficText(effectiveTraffic(p.id)))
      + row("webmap.popup.regime", t("regime." + (((state.baseSites || {})[p.id] || {}).regime || "permanent")))
      + row("webmap.popup.serves", t(p.open ? "webmap.yes" : "webmap.no") + " (" + t("service." + state.service) + ")") + row("webmap.popup.partner", t("partner." + p.partner))
      + row("webmap.popup.wilaya", p.wilaya ? p.wilaya + " " + (state.wilayaNames[p.wilaya] ? nameOf(state.wilayaNames[p.wilaya]) : "") : "")
      + row("webmap.popup.note", dataText(p, "status_note")) + row("webmap.popup.lastEvent", p.last_event ? p.last_event + " (" + (p.last_event_date || "") + ")" : "")
      + row("webmap.popup.projects", p.projects) + row("webmap.popup.committees", p.committees)
      + "</table><p><a href=\"/collections/crossings/items/" + encodeURIComponent(p.id) + "?f=html\" target=\"_blank\">" + esc(t("webmap.popup.history")) + " →</a></p>"
      + "<button type=\"button\" data-toggle=\"" + esc(p.id) + "\">" + esc(t(open ? "webmap.popup.close" : "webmap.popup.open")) + "</button></div>";
  }
  map.on("popupopen", (event) => {
    const button = event.popup.getElement().querySelector("[data-toggle]");
    if (button) button.onclick = () => { toggle(button.dataset.toggle); map.closePopup(); };
  });

  // ---- what-if ----
  // What-if changes are kept only where they differ from the knowledge base.
  function overrideStatus(id, status) {
    const crossing = (state.baseline || []).find((f) => f.properties.id === id);
    if (!crossing) throw new Error("unknown crossing " + id);
    if (crossing.properties.status === status) delete state.overrides[id]; else state.overrides[id] = status;
  }
  function overrideTraffic(id, traffic) {
    if (!traffic.length) throw new Error(t("webmap.whatif.trafficEmpty"));
    const base = baseTraffic(id);
    if (traffic.length === base.length && traffic.every((x) => base.includes(x))) delete state.traffic[id];
    else state.traffic[id] = TRAFFIC.filter((x) => traffic.includes(x));
  }
  function setOverride(id, status) { overrideStatus(id, status); return update(); }
  function setTraffic(id, traffic) { overrideTraffic(id, traffic); return update(); }
  function applyWhatIf() {
    const id = $("crossing-select").value;
    try {
      overrideStatus(id, $("status-select").value);
      overrideTraffic(id, TRAFFIC.filter((x) => $("traffic-" + x).checked));
    } catch (error) { setStatus(error.message, true); return; }
    return update();
  }
  function toggle(id) {
    return setOverride(id, effectiveStatus(id) === "open" ? "closed" : "open");
  }
  const scenario = () => ({ name: "map", status: state.overrides, traffic: state.traffic });
  async function update() {
    const request = ++state.request;
    setStatus(t("webmap.computing"));
    const started = performance.now();
    try {
      const result = await post("/scenarios/coverage?radius=" + state.radius + "&demand-model=" + state.model + "&service=" + state.service, scenario());
      if (request !== state.request) return;
      state.coverage = result;
      if (!state.baseSites) state.baseSites = result.sites;
      if (!state.baseline) state.baseline = result.crossings.features;
      state.byCode = Object.fromEntries(result.coverage.wilayas.map((w) => [w.code, w]));
      layers.wilayas.setStyle(wilayaStyle);
      layers.catchments.clearLayers().addData(result.catchments);
      layers.gaps.clearLayers().addData(result.gaps);
      layers.crossings.clearLayers().addData(result.crossings);
      renderCoverage();
      renderOverrides();
      state.updates += 1;
      document.body.dataset.updates = String(state.updates);
      setStatus(t("webmap.ready") + " (" + fmt(performance.now() - started) + " ms)");
    } catch (error) {
      setStatus(t("webmap.error") + t("webmap.colon") + error.message, true);
    }
  }
  async function runPlan() {
    setStatus(t("webmap.computing"));
    try {
      const k = parseInt($("plan-k").value, 10);
      const excluded = PARTNERS.filter((code) => $("exclude-" + code).checked);
      state.plan = await post("/plans", { k, radius: state.radius, "demand-model": state.model, service: state.service, "exclude-partners": excluded,
                                          scenario: scenario() });
      layers.plan.clearLayers().addData(state.plan.sites);
      renderPlan();
      setStatus(t("webmap.ready"));
    } catch (error) {
      setStatus(t("webmap.error") + t("webmap.colon") + error.message, true);
    }
  }

  // ---- panel ----
  function table(element, header, rows, total) {
    element.tHead.innerHTML = "<tr>" + header.map(([text, num]) => "<th" + (num ? " class=\"num\"" : "") + ">" + esc(text) + "</th>").join("") + "</tr>";
    const line = (cells, cls) => "<tr" + (cls ? " class=\"" + cls + "\"" : "") + ">" + cells.map((cell, i) => "<td" + (header[i][1] ? " class=\"num\"" : "") + ">" + esc(cell) + "</td>").join("") + "</tr>";
    element.tBodies[0].innerHTML = rows.map((cells) => line(cells)).join("") + (total ? line(total, "total") : "");
  }
  function renderCoverage() {
    if (!state.coverage) return;
    const wilayas = state.coverage.coverage.wilayas;
    const population = wilayas.reduce((sum, w) => sum + w.population, 0);
    const covered = wilayas.reduce((sum, w) => sum + w.covered_population, 0);
    $("covered-population").textContent = fmt(covered);
    $("covered-population").dataset.value = String(covered);
    $("total-population").textContent = fmt(population);
    $("covered-share").textContent = population > 0 ? fmt(covered / population * 100, 1) : "—";
    $("gap-km").textContent = fmt(state.coverage.coverage.gaps.reduce((sum, g) => sum + g.length_km, 0));
    table($("coverage-table"), [[t("webmap.wilaya")], [t("webmap.population"), true], [t("webmap.covered"), true], [t("webmap.share"), true]],
      wilayas.map((w) => [w.code + " " + (state.wilayaNames[w.code] ? nameOf(state.wilayaNames[w.code]) : w.name), fmt(w.population), fmt(w.covered_population),
                          w.population_pct === null ? "—" : fmt(w.population_pct, 1)]),
      [t("webmap.total"), fmt(population), fmt(covered), population > 0 ? fmt(covered / population * 100, 1) : "—"]);
  }
  function renderPlan() {
    const plan = state.plan && state.plan.plan;
    if (!plan) { $("plan-summary").textContent = ""; return; }
    $("plan-summary").textContent = t("webmap.plan.before") + " " + fmt(plan.covered_before) + " → " + t("webmap.plan.after") + " " + fmt(plan.covered_after)
      + " (" + t(plan.optimal ? "webmap.plan.optimal" : "webmap.plan.bestFound") + ")" + (state.plan.note_messages.length ? " — " + state.plan.note_messages.map(noteText).join("; ") : "");
    table($("plan-table"), [[t("webmap.plan.rank"), true], [t("webmap.plan.site")], [t("webmap.wilaya")], [t("webmap.plan.gain"), true]],
      plan.selected.map((s) => [String(s.rank), siteName(s.id, s.name), s.wilaya ? s.wilaya + " " + (state.wilayaNames[s.wilaya] ? nameOf(state.wilayaNames[s.wilaya]) : "") : "—", fmt(s.marginal)]));
  }
  // A plan note from the server's key and values, numbers in the page's format.
  function noteText(note) {
    const values = Object.fromEntries(Object.entries(note.values).map(([name, v]) => [name, typeof v === "number" ? fmt(v, Number.isInteger(v) ? 0 : 2) : v]));
    return t(note.key, values);
  }
  function renderOverrides() {
    const ids = [...new Set([...Object.keys(state.overrides), ...Object.keys(state.traffic)])];
    $("overrides").textContent = ids.length ? ids.map((id) => siteName(id) + t("webmap.colon") + t("status." + effectiveStatus(id)) + (state.lang === "ar" ? "، " : ", ") + trafficText(effectiveTraffic(id))).join(" · ")
      : t("webmap.whatif.none");
  }
  function showSelected() {
    const id = $("crossing-select").value;
    $("status-select").value = effectiveStatus(id);
    const traffic = effectiveTraffic(id);
    TRAFFIC.forEach((x) => { $("traffic-" + x).checked = traffic.includes(x); });
  }
  function fillSelect(select, options) {
    const value = select.value;
    select.innerHTML = options.map(([v, label]) => "<option value=\"" + esc(v) + "\">" + esc(label) + "</option>").join("");
    if (value && options.some(([v]) => v === value)) select.value = value;
  }
  let control, legend;
  function renderControls() {
    if (control) control.remove();
    const overlays = {};
    for (const [key, title] of Object.entries(LAYER_TITLES)) overlays[esc(t(title))] = layers[key];
    control = L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
    if (legend) legend.remove();
    legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => {
      const div = L.DomUtil.create("div", "legend");
      div.innerHTML = "<b>" + esc(t("webmap.legend.share")) + "</b><br>" + SHARE_CLASSES.map(([min, colour], i) =>
        "<i style=\"background:" + colour + "\"></i><bdi>" + (i === 0 ? "≥ " + min : min + "–" + SHARE_CLASSES[i - 1][0]) + t("webmap.percent") + "</bdi>").join("<br>")
        + "<br><i style=\"background:#f7f7f7\"></i>" + esc(t("webmap.legend.notBorder"))
        + "<br>" + STATUSES.map((s) => "<i class=\"dot\" style=\"background:" + STATUS_COLOURS[s] + "\"></i>" + esc(t("status." + s))).join("<br>")
        + "<br><i class=\"dot\" style=\"background:" + STATUS_COLOURS.open + ";opacity:0.35\"></i>" + esc(t("webmap.legend.notServing"))
        + "<br>" + PARTNERS.map((p) => "<i style=\"background:" + PARTNER_COLOURS[p] + ";height:4px\"></i>" + esc(t("partner." + p))).join("<br>");
      return div;
    };
    legend.addTo(map);
  }
  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.documentElement.dir = state.lang === "ar" ? "rtl" : "ltr";
    document.title = t("webmap.title");
    document.querySelectorAll("[data-t]").forEach((element) => { element.textContent = t(element.dataset.t); });
    document.querySelectorAll(".colon").forEach((element) => { element.textContent = t("webmap.colon"); });
    document.querySelectorAll("[data-lang]").forEach((button) => button.classList.toggle("active", button.dataset.lang === state.lang));
    const crossings = (state.baseline || []).map((f) => [f.properties.id, nameOf(f.properties)]).sort((a, b) => a[1].localeCompare(b[1], state.lang));
    fillSelect($("crossing-select"), crossings);
    fillSelect($("status-select"), STATUSES.map((s) => [s, t("status." + s)]));
    fillSelect($("demand-model"), Object.entries(MODELS).map(([m, key]) => [m, t(key)]));
    $("demand-model").value = state.model;
    fillSelect($("service"), SERVICES.map((x) => [x, t("service." + x)]));
    $("service").value = state.service;
    $("exclude-partners").innerHTML = PARTNERS.map((p) => "<label><input type=\"checkbox\" id=\"exclude-" + p + "\"" + (state.excluded.includes(p) ? " checked" : "") + "> "
      + esc(t("partner." + p)) + "</label>").join("");
    PARTNERS.forEach((p) => { $("exclude-" + p).onchange = (e) => { state.excluded = PARTNERS.filter((code) => $("exclude-" + code).checked); }; });
    map.attributionControl.remove();
    map.attributionControl = L.control.attribution({ prefix: false }).addAttribution(esc(t("webmap.attribution"))).addTo(map);
    renderControls();
    renderCoverage();
    renderPlan();
    // Permanent tooltips keep the text they opened with: redraw the plan's sites in the new language.
    if (state.plan) layers.plan.clearLayers().addData(state.plan.sites);
    renderOverrides();
    document.dispatchEvent(new CustomEvent("borderplan:language"));
  }

  // ---- start ----
  state.messages = await fetchJSON("/assets/messages.json");
  const [wilayas, neighbours, borders] = await Promise.all(["wilayas", "neighbours", "borders"].map((id) => fetchJSON("/collections/" + id + "/items?limit=10000")));
  layers.neighbours.addData(neighbours);
  layers.wilayas.addData(wilayas);
  layers.borders.addData(borders);
  wilayas.features.forEach((f) => { state.wilayaNames[f.properties.code] = f.properties; });
  map.fitBounds(layers.wilayas.getBounds(), { padding: [10, 10] });
  await update();
  applyLanguage();
  document.querySelectorAll("[data-lang]").forEach((button) => button.onclick = () => {
    state.lang = button.dataset.lang;
    history.replaceState(null, "", "?lang=" + state.lang);
    applyLanguage();
  });
  $("apply-status").onclick = applyWhatIf;
  $("crossing-select").onchange = showSelected;
  $("reset-status").onclick = () => { state.overrides = {}; state.traffic = {}; showSelected(); update(); };
  $("service").onchange = () => { state.service = $("service").value; update(); };
  $("radius").oninput = () => { $("radius-value").textContent = $("radius").value; };
  $("radius").onchange = () => { state.radius = Number($("radius").value); update(); };
  $("demand-model").onchange = () => { state.model = $("demand-model").value; update(); };
  $("run-plan").onclick = runPlan;
  showSelected();
  window.borderplan = { state, setOverride, setTraffic, toggle, update, runPlan };
  document.dispatchEvent(new CustomEvent("borderplan:ready", { detail: { state, t, fmt, nameOf, siteName, fillSelect } }));
  document.body.dataset.ready = "true";
})();

"""#
}
