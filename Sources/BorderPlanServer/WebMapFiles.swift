/// The web map's page and style (its script: `WebMapScript`). No external resource: Leaflet
/// comes from `/assets/leaflet/`, the data from the server's collections and POST endpoints.
enum WebMapFiles {
    static let page = #"""
<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>BorderPlan — map</title>
<link rel="stylesheet" href="/assets/leaflet/leaflet.css">
<link rel="stylesheet" href="/assets/map.css">
</head>
<body>
<div id="app">
  <div id="map"></div>
  <aside id="panel">
    <header>
      <h1 data-t="webmap.title"></h1>
      <div class="languages"><span data-t="webmap.language"></span><span class="colon"></span>
        <button type="button" data-lang="ar">العربية</button><button type="button" data-lang="fr">Français</button><button type="button" data-lang="en">English</button>
      </div>
    </header>
    <section>
      <h2 data-t="webmap.whatif"></h2>
      <label><span data-t="webmap.whatif.crossing"></span> <select id="crossing-select"></select></label>
      <label><span data-t="webmap.whatif.status"></span> <select id="status-select"></select></label>
      <div class="choices"><span data-t="webmap.whatif.traffic"></span><span class="colon"></span>
        <label><input type="checkbox" id="traffic-travellers"> <span data-t="traffic.travellers"></span></label>
        <label><input type="checkbox" id="traffic-goods"> <span data-t="traffic.goods"></span></label></div>
      <button type="button" id="apply-status" data-t="webmap.whatif.apply"></button>
      <button type="button" id="reset-status" data-t="webmap.whatif.reset"></button>
      <p><span data-t="webmap.whatif.overrides"></span><span class="colon"></span> <span id="overrides"></span></p>
      <label><span data-t="webmap.radius"></span> <input id="radius" type="range" min="10" max="300" step="5" value="100"> <output id="radius-value">100</output></label>
      <label><span data-t="webmap.service"></span> <select id="service"></select></label>
      <label><span data-t="webmap.demandModel"></span> <select id="demand-model"></select></label>
    </section>
    <section>
      <h2 data-t="webmap.coverage"></h2>
      <p class="headline"><span data-t="webmap.coveredPopulation"></span><span class="colon"></span> <strong id="covered-population" data-value=""></strong> / <span id="total-population"></span> (<span id="covered-share"></span><span data-t="webmap.percent"></span>)</p>
      <p><span data-t="webmap.gapsKm"></span><span class="colon"></span> <span id="gap-km"></span> <span data-t="unit.km"></span></p>
      <table id="coverage-table"><thead></thead><tbody></tbody></table>
    </section>
    <section>
      <h2 data-t="webmap.plan"></h2>
      <label><span data-t="webmap.plan.k"></span> <input id="plan-k" type="number" min="1" max="10" value="2"></label>
      <fieldset><legend data-t="webmap.plan.exclude"></legend><div id="exclude-partners"></div></fieldset>
      <button type="button" id="run-plan" data-t="webmap.plan.run"></button>
      <p id="plan-summary"></p>
      <table id="plan-table"><thead></thead><tbody></tbody></table>
    </section>
    <section id="edit">
      <h2 data-t="webmap.edit"></h2>
      <label><span data-t="webmap.edit.token"></span> <input id="edit-token" type="password" autocomplete="off" spellcheck="false"></label>
      <div class="choices"><label><input type="radio" name="edit-kind" value="crossings" checked> <span data-t="webmap.edit.kind.crossing"></span></label>
        <label><input type="radio" name="edit-kind" value="projects"> <span data-t="webmap.edit.kind.project"></span></label></div>
      <label><span data-t="webmap.edit.record"></span> <select id="edit-record"></select></label>
      <p id="edit-current"></p>
      <div id="edit-crossing-fields">
        <label><span data-t="webmap.whatif.status"></span> <select id="edit-status"></select></label>
        <div class="choices"><span data-t="webmap.edit.traffic"></span><span class="colon"></span>
          <label><input type="checkbox" id="edit-traffic-travellers"> <span data-t="traffic.travellers"></span></label>
          <label><input type="checkbox" id="edit-traffic-goods"> <span data-t="traffic.goods"></span></label></div>
      </div>
      <div id="edit-project-fields" hidden>
        <label><span data-t="webmap.edit.phase"></span> <select id="edit-phase"></select></label>
        <label><span data-t="webmap.edit.percent"></span> <input id="edit-percent" type="number" min="0" max="100" step="1"></label>
      </div>
      <label><span data-t="webmap.edit.date"></span> <input id="edit-date" type="text" size="11" placeholder="YYYY-MM-DD" dir="ltr"></label>
      <label><span data-t="webmap.edit.sourceTitle"></span> <input id="edit-source-title" type="text"></label>
      <label><span data-t="webmap.edit.sourceUrl"></span> <input id="edit-source-url" type="url" dir="ltr"></label>
      <label><span data-t="webmap.edit.note"></span> <input id="edit-note" type="text"></label>
      <button type="button" id="edit-save" data-t="webmap.edit.save"></button>
      <p id="edit-message" role="status"></p>
    </section>
    <p id="status" role="status"></p>
  </aside>
</div>
<script src="/assets/leaflet/leaflet.js"></script>
<script src="/assets/edit.js"></script>
<script src="/assets/map.js"></script>
</body>
</html>

"""#

    static let style = #"""
html, body { height: 100%; margin: 0; font-family: "DejaVu Sans", sans-serif; font-size: 13px; }
#app { display: flex; flex-direction: row; height: 100%; }
#map { flex: 1; background: #cfe3f2; }
#panel { width: 390px; overflow-y: auto; padding: 8px 12px; box-sizing: border-box; border-inline-start: 1px solid #aaa; background: #fafafa; }
#panel h1 { font-size: 15px; margin: 4px 0; }
#panel h2 { font-size: 14px; margin: 10px 0 4px; border-bottom: 1px solid #ccc; }
#panel label { display: block; margin: 4px 0; }
#panel select { max-width: 230px; }
#panel table { border-collapse: collapse; width: 100%; font-size: 12px; }
#panel td, #panel th { border-bottom: 1px solid #ddd; padding: 2px 4px; text-align: start; }
#panel td.num, #panel th.num { text-align: end; font-variant-numeric: tabular-nums; }
#panel tr.total td { font-weight: bold; }
.languages button { margin-inline-start: 4px; }
.languages button.active { font-weight: bold; }
.headline { font-size: 14px; }
#status { color: #555; min-height: 1.2em; }
#status.error { color: #b00; }
#edit input[type=text], #edit input[type=url], #edit input[type=password] { width: 220px; }
.choices label { display: inline-block !important; margin-inline-end: 8px !important; }
#edit-message.error { color: #b00; }
#edit-message.ok { color: #1a6b2f; }
#edit-current { color: #333; font-style: italic; }
fieldset { border: 1px solid #ccc; padding: 2px 6px; }
fieldset label { display: inline-block !important; margin-inline-end: 8px !important; }
.legend { background: rgba(255,255,255,0.9); padding: 6px 8px; line-height: 18px; font-size: 12px; border-radius: 4px; }
.legend i { display: inline-block; width: 14px; height: 14px; margin-inline-end: 6px; vertical-align: middle; border: 1px solid #777; }
.legend i.dot { border-radius: 7px; }
.popup h3 { margin: 0 0 4px; font-size: 14px; }
.popup ul { margin: 2px 0; padding-inline-start: 16px; max-height: 140px; overflow-y: auto; }
[dir="rtl"] .leaflet-popup-content { direction: rtl; text-align: right; }

"""#
}
