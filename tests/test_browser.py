"""The report and `tallies serve` in a real browser: headless Chromium driven by Playwright.

The pages are built once for the module from the project's fixture corpus (tests/fixtures/
corpus, dates and outlets from its manifest.json, as a feed would give them) and the hostile
article of tests/test_report.py. Every page is opened from a file:// URL with every request
that is not a file blocked and recorded: none may be attempted. Screenshots are kept in
tests/artifacts/ (git-ignored).

Debian's Chromium is used (/usr/bin/chromium, or TALLIES_CHROMIUM); Playwright's own browser
download is not needed. Without Chromium or Playwright these tests skip with the reason.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from tallies.ingest import iter_articles
from tallies.load import ingest
from tallies.records import Article
from tallies.report import build, headline, page_name
from tallies.store import Store
from test_report import IMG, PWN, SETTINGS, hostile_article
from storekit import write_run

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = os.environ.get("TALLIES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set TALLIES_CHROMIUM)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install -r "
                                      "requirements/test.txt)")

ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
CORPUS = Path(__file__).parent / "fixtures" / "corpus"
ARTIFACTS = Path(__file__).parent / "artifacts"


def corpus_items():
    """The fixture corpus with the manifest's dates and outlets for files that carry none."""
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["articles"]
    for item in iter_articles([str(CORPUS)], SETTINGS):
        if isinstance(item, Article):
            key = item.id
            if item.origin and ".jsonl:" in item.origin:
                key = Path(item.origin.split(":")[0]).name + "#" + item.id
            meta = manifest.get(key)
            if meta:
                item = replace(item, published=item.published or meta["published"],
                               outlet=item.outlet or meta["outlet"])
        yield item


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    db = str(root / "corpus.db")
    run = write_run(root / "hostile", [hostile_article()])
    ingest([str(run)], db, SETTINGS, items=corpus_items())
    built = build(db, root / "report", SETTINGS)
    with Store.reader(db) as store:
        events = store.events()
        big = events[0]["id"]
        r = headline(store.reconciliations(big))
        hostile = next(e["id"] for e in events if e["place"] == "Halvorsk")
        place = {e["id"]: e["place"] for e in events}
    # what the headline measure's chart must show
    dated = [[f for f in h.figures if f.reported and f.best is not None] for h in r.histories]
    expect = {
        "points": sum(len(fs) for fs in dated),
        "steps": sum(a.best != b.best for fs in dated for a, b in zip(fs, fs[1:])),
        "bars": sum(not (f.low == f.high and f.low is not None)
                    and not (f.low is None and f.high is None) for fs in dated for f in fs),
        "series": sum(bool(fs) for fs in dated)}
    ARTIFACTS.mkdir(exist_ok=True)
    return {"db": db, "index": built.path, "events": [e["id"] for e in events],
            "place": place, "big": big, "rec": r, "anchor": f"m-{slug(r.measure + ' ' + r.subject)}",
            "expect": expect, "hostile": hostile,
            "page": lambda eid: built.path.parent / "events" / f"{page_name(eid)}.html"}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose requests are watched: anything but file: and data: is blocked and
    recorded, as are console errors (a policy violation is one), page errors and dialogs."""

    def __init__(self, browser, allow=("file:", "data:"), **context):
        self.context = browser.new_context(**context)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.allow = allow
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", self._request)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        if route.request.url.startswith(self.allow):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _request(self, request):
        if not request.url.startswith(self.allow):
            self.blocked.append(request.url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    w = Watched(browser, viewport={"width": 1200, "height": 900})
    yield w
    w.close()


def shot(page, name: str, full: bool = False) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


# -- the static report ---------------------------------------------------------------------------


def test_index_search_and_sort(site, watched):
    page = watched.page
    page.goto(site["index"].as_uri())
    rows = page.locator("#events tbody tr")
    assert rows.count() == len(site["events"])
    assert page.locator("#events-status").inner_text() == f"{len(site['events'])} events"
    # search: a place, folded for case and accents
    place = site["place"][site["events"][1]]
    page.fill("#q", place.upper())
    visible = page.locator("#events tbody tr:not([hidden])")
    assert 1 <= visible.count() < len(site["events"])
    for text in visible.evaluate_all("rows => rows.map(r => r.dataset.search)"):
        assert place.lower() in text.lower()
    assert page.locator("#events-status").inner_text().startswith(f"{visible.count()} of ")
    page.fill("#q", "no such place anywhere")
    assert visible.count() == 0
    page.fill("#q", "")
    assert visible.count() == len(site["events"])
    # sort: by the headline figure, up then down; by place
    figure = page.locator("#events thead th", has_text="Headline figure")
    figure.locator("button").click()
    assert figure.get_attribute("aria-sort") == "ascending"
    col = "rows => rows.map(r => parseFloat(r.cells[3].dataset.sort))"
    values = rows.evaluate_all(col)
    assert values == sorted(values)
    figure.locator("button").click()
    assert rows.evaluate_all(col) == sorted(values, reverse=True)
    page.locator("#events thead th", has_text="Event").locator("button").click()
    places = rows.evaluate_all("rows => rows.map(r => r.cells[0].dataset.sort.toLowerCase())")
    assert places == sorted(places)
    shot(page, "index")
    assert not watched.blocked and not watched.errors


def test_event_page_chart_and_evidence(site, watched):
    page = watched.page
    page.goto(site["index"].as_uri())
    page.locator(f'#events tr[data-event="{site["big"]}"] td.event a').click()
    page.wait_for_load_state()
    assert page.url == site["page"](site["big"]).as_uri()
    assert site["place"][site["big"]] in page.locator("h1").inner_text()
    # the headline measure's chart is drawn: a marker per figure, a step per revision, a bar
    # per interval, a legend entry per source
    section = page.locator(f"section#{site['anchor']}")
    svg = section.locator("svg.chart-svg")
    assert svg.bounding_box()["width"] > 500
    expect = site["expect"]
    assert svg.locator(".pt").count() == expect["points"]
    assert svg.locator(".step").count() == expect["steps"]
    assert svg.locator("line.bar").count() == expect["bars"]
    assert section.locator(".legend li").count() == expect["series"]
    assert svg.locator("title").first.text_content().endswith("each source's figures over time")
    # a figure in the table leads to its evidence: the sentence with the figure marked,
    # and the article's title, outlet and date
    link = section.locator("table.know a.fig").first
    stated = link.inner_text()
    link.click()
    target = page.locator(":target")
    assert target.get_attribute("id") == link.get_attribute("href")[1:]
    assert target.is_visible()
    box = target.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    assert target.locator("blockquote mark").inner_text() == stated
    assert target.locator("cite").inner_text()
    assert re.search(r"\d{1,2} \w+ 20\d\d", target.locator(".article").inner_text())
    shot(page, "event-evidence")
    # a marker in the chart leads to its evidence too
    svg.locator("a.pt-link").last.click()
    assert page.evaluate("location.hash").startswith("#ev-")
    assert page.locator(":target blockquote mark").is_visible()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "event", full=True)
    assert not watched.blocked and not watched.errors


def test_every_page_works_offline_under_its_policy(site, watched):
    """Nothing but the file itself is loaded, and the policy blocks nothing of ours: a
    violation would be a console error."""
    page = watched.page
    for path in [site["index"], *(site["page"](e) for e in site["events"])]:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.classList.contains('js')"), path
    assert watched.blocked == []
    assert watched.errors == []


def test_hostile_article_runs_nothing(site, watched):
    page = watched.page
    page.goto(site["page"](site["hostile"]).as_uri())
    page.wait_for_load_state("load")
    page.hover("text=Evil")
    body = page.locator("body").inner_text()
    assert PWN in body and IMG in body and "<b>bold</b>" in body
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1
    assert page.locator("mark", has_text="At least 12").is_visible()
    assert page.locator("a[href^='javascript:']").count() == 0
    shot(page, "hostile")
    page.goto(site["index"].as_uri())
    page.fill("#q", "halvorsk")
    assert PWN in page.locator("#events tbody tr:not([hidden])").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert watched.dialogs == [] and watched.errors == []


def test_narrow_screens_and_print(site, browser):
    w = Watched(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page = w.page
        page.goto(site["page"](site["big"]).as_uri())
        # nothing wider than the screen: tables and charts scroll in their own boxes
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shot(page, "event-phone")
        page.goto(site["index"].as_uri())
        page.emulate_media(media="print")
        assert page.locator("form.search").is_hidden()
        page.goto(site["page"](site["big"]).as_uri())
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.locator("details.more:not([open])").count() == 0
        assert not w.blocked and not w.errors
    finally:
        w.close()


# -- tallies serve -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_event_page_and_facets(site, browser, tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "tallies", "serve", "--db", site["db"],
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    w = Watched(browser, allow=(base,), viewport={"width": 1200, "height": 900})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "serve.log").read_text()) from None
                time.sleep(0.2)
        page = w.page
        name = Path(site["db"]).stem
        # from the events table to an event's page
        page.goto(f"{base}/{name}/events")
        page.locator(f'a[href="/-/tallies/events/{site["big"]}"]').first.click()
        page.wait_for_load_state()
        assert page.url == f"{base}/-/tallies/events/{site['big']}"
        assert site["place"][site["big"]] in page.locator("h1").inner_text()
        assert page.locator(f"section#{site['anchor']} svg .pt").count() == \
            site["expect"]["points"]
        shot(page, "serve-event")
        # a facet: measure, and its first value narrows the table to it
        page.goto(f"{base}/{name}/claims_in_context")
        facet = page.locator('.facet-info[data-column="measure"]')
        assert facet.is_visible()
        value = facet.locator("li a").first
        measure = value.inner_text()
        value.click()
        page.wait_for_load_state()
        assert f"measure={measure}" in page.url
        cells = page.locator("td.col-measure").all_inner_texts()
        assert cells and set(cells) == {measure}
        shot(page, "serve-facet")
        assert not w.blocked and not w.errors
    finally:
        w.close()
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
