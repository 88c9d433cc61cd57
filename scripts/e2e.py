#!/usr/bin/python3
"""make e2e: the web map in a real browser.

Starts `borderplan serve` on a free loopback port and Debian's headless Chromium, drives it through
the Chrome DevTools Protocol (python3-websocket), opens /map, applies what-if statuses to Mustapha Ben Boulaid (the only crossing serving Tindouf's travellers)
and opens Debdeb (goods only) to travellers, and checks that the covered population the page shows is what `borderplan coverage --scenario` prints
for the same scenario; saves screenshots in ar, fr and en under out/e2e/. The server runs on a
temporary copy of the knowledge base (kb init --db) with an editor's and a viewer's token: the edit
form changes a crossing's status (GET /kb shows it, the journal has one entry) and a viewer gets 403. Standard library only,
plus Debian's python3-websocket.
"""
import base64
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "debug", "borderplan")
OUT = os.path.join(ROOT, "out", "e2e")
RADIUS = "100"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise SystemExit(f"e2e: timed out waiting for {what}")


def cli_covered_population(scenario_path):
    """The total covered population `borderplan coverage --scenario FILE --format json` prints."""
    args = [BINARY, "coverage", "--radius", RADIUS, "--format", "json"]
    if scenario_path:
        args += ["--scenario", scenario_path]
    result = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    return sum(w["covered_population"] for w in result["wilayas"])


class Browser:
    """Headless Chromium on a DevTools port, one page, commands over its websocket."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="borderplan-e2e-")
        self.process = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
             "--remote-debugging-port=0", "--remote-allow-origins=*", f"--user-data-dir={self.profile}",
             "--window-size=1500,950", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        port = wait_for(lambda: os.path.exists(port_file) and open(port_file).read().split("\n")[0], 30, "Chromium's DevTools port")
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=1500, height=950, deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise SystemExit(f"e2e: {method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise SystemExit(f"e2e: {expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def shown_population(browser):
    return int(browser.evaluate("document.getElementById('covered-population').dataset.value"))


def check(browser, scenario_dir, label, script, scenario):
    """Runs a what-if change in the page (`script`) and compares the shown figure with what
    `borderplan coverage --scenario` prints for the same scenario document."""
    updates = browser.evaluate("document.body.dataset.updates")
    browser.evaluate(script)
    wait_for(lambda: browser.evaluate("document.body.dataset.updates") != updates, 60, "the map to update")
    path = os.path.join(scenario_dir, "scenario.json")
    with open(path, "w") as f:
        json.dump(dict(scenario, name=label), f)
    shown, expected = shown_population(browser), cli_covered_population(path)
    print(f"e2e: {label}: the map shows {shown:,} covered people; borderplan coverage --scenario prints {expected:,}")
    if shown != expected:
        raise SystemExit("e2e: FAILED: the map and the CLI disagree")
    return shown


def check_status(browser, scenario_dir, crossing, status):
    return check(browser, scenario_dir, f"{crossing} {status}", f"window.borderplan.setOverride({json.dumps(crossing)}, {json.dumps(status)})",
                 {"status": {crossing: status}})


def make_store(directory):
    """A knowledge-base store in `directory` (kb init from the files) with an editor's and a viewer's token."""
    db = os.path.join(directory, "kb.sqlite")
    subprocess.run([BINARY, "kb", "init", "--db", db], check=True, capture_output=True)
    tokens = {}
    for role in ["editor", "viewer"]:
        out = subprocess.run([BINARY, "token", "add", f"e2e-{role}", "--role", role, "--db", db], check=True, capture_output=True, text=True).stdout
        tokens[role] = out.strip().split()[-1]
    return db, tokens


def journal_entries(db, record_id):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT count(*) FROM journal WHERE record_id = ?", (record_id,)).fetchone()[0]


def edit_in_form(browser, token, crossing, status, title):
    """Fills the edit form (token, crossing, status, source) and saves; returns the message shown."""
    edits = browser.evaluate("document.body.dataset.edits || '0'")
    browser.evaluate(f"""(async () => {{
        const $ = (id) => document.getElementById(id);
        $('edit-token').value = {json.dumps(token)};
        document.querySelector('input[name=edit-kind][value=crossings]').click();
        $('edit-record').value = {json.dumps(crossing)};
        await window.borderplanEdit.load(false);
        $('edit-status').value = {json.dumps(status)};
        $('edit-date').value = '2026-11-30';
        $('edit-source-title').value = {json.dumps(title)};
        $('edit-source-url').value = 'https://example.org/e2e';
        $('edit-note').value = '';
        await window.borderplanEdit.save();
    }})()""")
    return edits, browser.evaluate("document.getElementById('edit-message').textContent")


def check_edit_form(browser, base, db, tokens):
    """The edit form writes through PATCH /kb: an editor's status change shows in GET /kb and journals
    exactly one entry; a viewer's token gets the 403 message and journals nothing."""
    crossing, status = "debdeb", "suspended"
    before = journal_entries(db, crossing)
    _, message = edit_in_form(browser, tokens["viewer"], crossing, status, "e2e viewer attempt")
    print(f"e2e: edit form with a viewer's token: {message!r}")
    # The map is in Arabic here: the server's detail comes in Arabic (Accept-Language), the holder's name as it is.
    if "e2e-viewer" not in message or "رمز قارئ" not in message or journal_entries(db, crossing) != before:
        raise SystemExit("e2e: FAILED: a viewer's edit was not refused with the Arabic 403 message, or it was journaled")
    edits, message = edit_in_form(browser, tokens["editor"], crossing, status, "e2e editor")
    print(f"e2e: edit form with an editor's token: {message!r}")
    wait_for(lambda: browser.evaluate("document.body.dataset.edits || '0'") != edits, 30, "the edit to be saved")
    with urllib.request.urlopen(f"{base}/kb/crossings/{crossing}") as response:
        record = json.load(response)
    if record["properties"]["status"] != status or journal_entries(db, crossing) != before + 1:
        raise SystemExit(f"e2e: FAILED: GET /kb/crossings/{crossing} has status {record['properties']['status']}, journal {journal_entries(db, crossing) - before} new entries")
    shown = browser.evaluate("document.getElementById('edit-current').textContent")
    print(f"e2e: GET /kb/crossings/{crossing}: status {status}, one journal entry; the form reloaded the record: {shown!r}")


def main():
    started = time.time()
    os.makedirs(OUT, exist_ok=True)
    port = free_port()
    store_dir = tempfile.TemporaryDirectory(prefix="borderplan-e2e-kb-")
    db, tokens = make_store(store_dir.name)
    server = subprocess.Popen([BINARY, "serve", "--host", "127.0.0.1", "--port", str(port), "--radius", RADIUS, "--db", db],
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(OUT, "server.log"), "w"))
    browser = None
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(base + "/conformance"), 120, "borderplan serve")
        browser = Browser()
        browser.call("Page.navigate", url=base + "/map?lang=en")
        wait_for(lambda: browser.evaluate("document.body && document.body.dataset.ready") == "true", 120, "the map to load")
        baseline = shown_population(browser)
        expected = cli_covered_population(None)
        print(f"e2e: baseline: the map shows {baseline:,} covered people; borderplan coverage prints {expected:,}")
        if baseline != expected:
            raise SystemExit("e2e: FAILED: the map and the CLI disagree on the baseline")
        with tempfile.TemporaryDirectory() as scenario_dir:
            # Mustapha Ben Boulaid alone serves Tindouf's travellers; Debdeb handles goods only,
            # so toggling Debdeb moves nothing under the map's default service.
            opened = check_status(browser, scenario_dir, "mustapha-ben-boulaid", "open")
            closed = check_status(browser, scenario_dir, "mustapha-ben-boulaid", "closed")
            if closed == opened:
                raise SystemExit("e2e: FAILED: closing Mustapha Ben Boulaid did not change the covered population")
            check_status(browser, scenario_dir, "mustapha-ben-boulaid", "open")
            # Debdeb is open for goods only: opening it to travellers too must move the figure.
            travellers = check(browser, scenario_dir, "debdeb travellers and goods",
                               "window.borderplan.setTraffic('debdeb', ['travellers', 'goods'])", {"traffic": {"debdeb": ["travellers", "goods"]}})
            if travellers == opened:
                raise SystemExit("e2e: FAILED: opening Debdeb to travellers did not change the covered population")
        browser.evaluate("document.getElementById('plan-k').value = '2'; window.borderplan.runPlan()")
        wait_for(lambda: browser.evaluate("document.querySelectorAll('#plan-table tbody tr').length") == 2, 60, "the plan")
        for lang in ["en", "fr", "ar"]:
            browser.evaluate(f"document.querySelector('[data-lang={lang}]').click()")
            wait_for(lambda: browser.evaluate("document.documentElement.lang") == lang, 10, f"the {lang} labels")
            time.sleep(0.5)
            browser.screenshot(os.path.join(OUT, f"map-{lang}.png"))
            direction = browser.evaluate("document.documentElement.dir")
            if direction != ("rtl" if lang == "ar" else "ltr"):
                raise SystemExit(f"e2e: FAILED: dir is {direction} in {lang}")
        check_edit_form(browser, base, db, tokens)
        print(f"e2e: screenshots in {os.path.relpath(OUT, ROOT)}/map-{{en,fr,ar}}.png; passed in {time.time() - started:.1f} s")
    finally:
        if browser:
            browser.close()
        server.terminate()
        server.wait(timeout=30)
        store_dir.cleanup()


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
