/// The web map's edit form (`/assets/edit.js`): a crossing's status and traffic, a project's
/// phase and percent, written through the knowledge-base API (`PATCH /kb/{kind}/{id}`) with the
/// user's bearer token (kept in sessionStorage only, never in a cookie or localStorage) and
/// `If-Match` from the record's `ETag`. The patch is the one `borderplan kb set-status` and
/// `kb set-project` make, so the CLI and the map journal the same change.
enum WebMapEditScript {
    static let text = #"""
"use strict";
(function () {
  const STATUSES = ["open", "closed", "planned", "suspended"];
  const LANGUAGES = ["ar", "fr", "en"];
  const TRAFFIC = ["travellers", "goods"];
  const PHASES = ["announced", "planned", "in-progress", "completed", "stalled"];
  // The history event a status change records (KnowledgeEdits.event(for:)).
  const EVENTS = { open: "reopened", closed: "closed", suspended: "suspended", planned: "announced" };
  const PROBLEMS = { 401: "webmap.edit.problem.401", 403: "webmap.edit.problem.403", 412: "webmap.edit.problem.412",
                     422: "webmap.edit.problem.422", 428: "webmap.edit.problem.428" };
  const TOKEN_KEY = "borderplan.token";
  const $ = (id) => document.getElementById(id);
  let app = null, record = null, etag = null, projects = [];

  const kind = () => document.querySelector("input[name=edit-kind]:checked").value;
  const t = (key, values) => app.t(key, values);
  function say(text, error) {
    $("edit-message").textContent = text;
    $("edit-message").className = error ? "webmap.error" : "ok";
  }

  // The problem's own words (RFC 9457 detail, and the rules of a refused edit) after our lead-in.
  async function problemText(response) {
    let body = {};
    try { body = await response.json(); } catch (error) { body = { detail: response.statusText }; }
    const lead = PROBLEMS[response.status] ? t(PROBLEMS[response.status]) : t("webmap.error") + " " + response.status;
    return lead + " — " + (body.detail || body.title || "") + (body.errors && body.errors.length ? " " + body.errors.join("; ") : "");
  }

  function recordOptions() {
    if (kind() === "crossings") {
      return (app.state.baseline || []).filter((f) => !f.properties.hypothetical).map((f) => [f.properties.id, app.nameOf(f.properties)])
        .sort((a, b) => a[1].localeCompare(b[1], app.state.lang));
    }
    return projects.map((p) => [p.id, app.siteName(p.crossing, p.crossing) + " — " + p.id]).sort((a, b) => a[1].localeCompare(b[1], app.state.lang));
  }

  function render() {
    const crossings = kind() === "crossings";
    $("edit-crossing-fields").hidden = !crossings;
    $("edit-project-fields").hidden = crossings;
    app.fillSelect($("edit-record"), recordOptions());
    app.fillSelect($("edit-status"), STATUSES.map((s) => [s, t("status." + s)]));
    app.fillSelect($("edit-phase"), PHASES.map((p) => [p, t("phase." + p)]));
    showCurrent();
  }

  function showCurrent() {
    if (!record) { $("edit-current").textContent = ""; return; }
    const version = " (" + t("webmap.edit.version", { version: (etag || "").replace(/^W\//, "").replace(/"/g, "") }) + ")";
    if (record.properties) {
      const p = record.properties;
      $("edit-current").textContent = t("webmap.edit.current") + t("webmap.colon") + t("status." + p.status) + " — "
        + (p.traffic || []).map((x) => t("traffic." + x)).join(", ") + version;
    } else {
      $("edit-current").textContent = t("webmap.edit.current") + t("webmap.colon") + t("phase." + record.phase)
        + (record.percent_complete === null ? "" : " — " + app.fmt(record.percent_complete) + t("webmap.percent")) + version;
    }
  }

  function fillFields() {
    if (record.properties) {
      $("edit-status").value = record.properties.status;
      TRAFFIC.forEach((x) => { $("edit-traffic-" + x).checked = (record.properties.traffic || []).includes(x); });
    } else {
      $("edit-phase").value = record.phase;
      $("edit-percent").value = record.percent_complete === null ? "" : String(record.percent_complete);
    }
  }

  // GET /kb/{kind}/{id}: the record and its ETag; `keepInputs` after a 412 keeps what the user typed.
  async function load(keepInputs) {
    const id = $("edit-record").value;
    record = null; etag = null;
    if (!id) { showCurrent(); return; }
    const response = await fetch("/kb/" + kind() + "/" + encodeURIComponent(id), { cache: "no-store", headers: { "Accept-Language": app.state.lang } });
    if (!response.ok) {
      showCurrent();
      say(response.status === 404 ? t("webmap.edit.unavailable") : await problemText(response), true);
      return;
    }
    record = await response.json();
    etag = response.headers.get("ETag");
    if (!keepInputs) fillFields();
    showCurrent();
  }

  // A text in the three languages as `kb` writes it: the note in the map's language, the other
  // languages null ("not yet translated", so no older translation outlives it); without a note,
  // "Status set to …" in every language (kbtexts.statusSet).
  function texts(note, status) {
    const messages = app.state.messages;
    const out = {};
    LANGUAGES.forEach((lang) => {
      const text = (key) => (messages[lang] || {})[key] || messages.en[key];
      out[lang] = note ? (lang === app.state.lang ? note : null) : text("kbtexts.statusSet").replace("{status}", text("status." + status));
    });
    return out;
  }

  // What `kb set-status` does: status, traffic, status note, and the dated event in date order.
  function crossingPatch(date, note, source) {
    const status = $("edit-status").value;
    const traffic = TRAFFIC.filter((x) => $("edit-traffic-" + x).checked);
    const text = texts(note, status);
    const members = (field) => LANGUAGES.map((lang) => [field + "_" + lang, text[lang]]);
    const properties = record.properties;
    const notes = members("status_note").map(([key, value]) =>
      ({ op: key in properties ? "replace" : "add", path: "/properties/" + key, value }));
    if ("status_note" in properties) notes.unshift({ op: "remove", path: "/properties/status_note" });
    const event = { date, event: EVENTS[status] };
    members("note").forEach(([key, value]) => { event[key] = value; });
    event.source = source;
    const history = record.properties.history || [];
    let index = 0;
    history.forEach((event, i) => { if (!event.date || event.date <= date) index = i + 1; });
    return [
      { op: "replace", path: "/properties/status", value: status },
      { op: "replace", path: "/properties/traffic", value: traffic },
      ...notes,
      { op: "add", path: "/properties/history/" + index, value: event }
    ];
  }

  // What `kb set-project` does: phase, percent with its date, and the source added once.
  function projectPatch(date, source) {
    const patch = [{ op: "replace", path: "/phase", value: $("edit-phase").value }];
    const percent = $("edit-percent").value.trim();
    if (percent !== "") {
      patch.push({ op: "replace", path: "/percent_complete", value: Number(percent) });
      patch.push({ op: "replace", path: "/percent_complete_date", value: date });
    }
    const present = (record.sources || []).some((s) => s.title === source.title && s.date === source.date);
    if (!present) patch.push({ op: "add", path: "/sources/-", value: source });
    return patch;
  }

  async function save() {
    if (!record) { say(t("webmap.edit.noRecord"), true); return; }
    const token = $("edit-token").value.trim();
    sessionStorage.setItem(TOKEN_KEY, token);
    const date = $("edit-date").value.trim();
    const url = $("edit-source-url").value.trim();
    const source = { title: $("edit-source-title").value.trim(), date: date || null, url: url || null };
    const note = $("edit-note").value.trim();
    const patch = kind() === "crossings" ? crossingPatch(date, note, source) : projectPatch(date, source);
    say(t("webmap.computing"));
    const response = await fetch("/kb/" + kind() + "/" + encodeURIComponent(record.id || record.properties.id), {
      method: "PATCH", cache: "no-store",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token, "If-Match": etag || "", "Accept-Language": app.state.lang },
      body: JSON.stringify({ patch, source, note: note || null })
    });
    if (!response.ok) {
      const text = await problemText(response);
      if (response.status === 412) await load(true);
      say(text, true);
      return;
    }
    const result = await response.json();
    await load(false);
    say(t("webmap.edit.saved", { edit: String(result.edit), version: String(result.version) })
        + (result.findings.length ? " — " + result.findings.join("; ") : ""), false);
    document.body.dataset.edits = String(Number(document.body.dataset.edits || "0") + 1);
  }

  function start(event) {
    app = event.detail;
    $("edit-token").value = sessionStorage.getItem(TOKEN_KEY) || "";
    $("edit-date").value = new Date().toISOString().slice(0, 10);
    document.querySelectorAll("input[name=edit-kind]").forEach((radio) => { radio.onchange = () => { render(); load(false); }; });
    $("edit-record").onchange = () => load(false);
    $("edit-save").onclick = () => save().catch((error) => say(t("webmap.error") + t("webmap.colon") + error.message, true));
    fetch("/collections/projects/items?limit=1000", { headers: { "Accept-Language": app.state.lang } }).then((r) => r.json()).then((body) => {
      projects = body.features.map((f) => f.properties);
      render();
    }).catch((error) => say(t("webmap.error") + t("webmap.colon") + error.message, true));
    render();
    load(false);
  }
  document.addEventListener("borderplan:ready", start);
  document.addEventListener("borderplan:language", () => { if (app) render(); });
  window.borderplanEdit = { load, save };
})();

"""#
}
