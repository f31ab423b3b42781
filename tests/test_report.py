"""`tallies report`: the static pages, their charts, and untrusted article text.

Model-free: the store is made from hand-built articles and claims (tests/storekit.py), read
back from a Dask-style run directory, plus one hostile article whose title, outlet, URL and
sentences hold markup and script. The pages are checked as text here; tests/test_browser.py
opens them in Chromium.
"""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from storekit import corpus, write_run
from tallies.charts import Band, Point, Series, figures_chart
from tallies.cli import cli
from tallies.errors import NotFound, TalliesError
from tallies.load import ingest
from tallies.records import Article, Claim
from tallies.report import build, highlight, interval, page_name, safe_url
from tallies.settings import Settings
from tallies.store import Store

SETTINGS = Settings.load(overrides={"ingest": {"latest_published": "2031-12-31"}})
PWN = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'


def hostile_article() -> tuple[Article, list[Claim]]:
    """An article about a strike on Halvorsk whose text, title, outlet and URL are hostile:
    script, an image that runs script when it fails to load, markup, a javascript: URL."""
    title = f"Strike on Halvorsk {PWN}"
    s1 = (f"At least 12 people were killed in a strike on Halvorsk on Sunday {IMG} <b>bold</b>, "
          "the regional governor said.")
    s2 = f"The Defence Ministry said 15 people had died in Halvorsk {PWN}."
    text = f"{title}\n\n{s1} {s2}\n"
    p1, p2 = text.index(s1), text.index(s2)

    def claim(sentence, at, figure, value, qualifier, source, low, high):
        start = at + sentence.index(figure)
        src = at + sentence.index(source)
        return Claim(doc="hostile-1", start=start, end=start + len(figure), text=figure,
                     value=value, low=low, high=high, qualifier=qualifier, measure="killed",
                     counted="people", source=source, source_text=source, via=None,
                     cumulative=False, sentence=sentence, sentence_start=at,
                     source_start=src, source_end=src + len(source), source_kind="named",
                     cue="said")

    claims = [claim(s1, p1, "At least 12", 12.0, "at_least", "the regional governor", 12.0,
                    None),
              claim(s2, p2, "15", 15.0, "exact", "The Defence Ministry", 15.0, 15.0)]
    article = Article(id="hostile-1", text=text, title=title,
                      url="javascript:window.__pwned=1", published="2031-03-10",
                      origin="hostile.jsonl:1", outlet='<i onmouseover="window.__pwned=1">'
                                                       'Evil</i> News', language="en")
    return article, claims


def make_store(directory: Path, n: int = 24) -> str:
    """A store of n storekit articles and the hostile one (no spaCy model needed)."""
    run = write_run(directory / "run", corpus(n) + [hostile_article()])
    db = str(directory / "tallies.db")
    summary = ingest([str(run)], db, SETTINGS)
    assert summary.added == n + 1
    return db


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    db = make_store(root)
    built = build(db, root / "site", SETTINGS)
    with Store.reader(db) as store:
        events = [e["id"] for e in store.events()]
    return {"db": db, "root": root, "index": built.path, "pages": built.pages,
            "events": events}


def hostile_event(db: str) -> str:
    with Store.reader(db) as store:
        return next(e["id"] for e in store.events() if e["place"] == "Halvorsk")


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <script>, <style> and the CSP."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.raw[self._in][-1] += data


def parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


# -- the files -------------------------------------------------------------------------------------


def test_an_index_and_a_page_per_event(site):
    assert site["pages"] == len(site["events"]) >= 2
    index = site["index"].read_text(encoding="utf-8")
    links = [a["href"] for t, a in parse(index).tags if t == "a" and a.get("href", "").startswith(
        "events/")]
    assert len(links) == len(site["events"])
    for href in links:
        assert (site["index"].parent / href).is_file()
    page = (site["index"].parent / links[0]).read_text(encoding="utf-8")
    assert 'href="../index.html"' in page


def test_pages_load_nothing_from_anywhere(site):
    """No src, no stylesheet link, no CSS url(): the pages work offline and from file://.
    The only absolute links are articles' http(s) URLs."""
    for path in [site["index"], *sorted((site["index"].parent / "events").glob("*.html"))]:
        html = path.read_text(encoding="utf-8")
        tags = parse(html)
        for tag, attrs in tags.tags:
            assert "src" not in attrs, (path.name, tag, attrs)
            if tag == "link":
                assert attrs.get("rel") == "icon" and attrs.get("href") == "data:,"
            if tag == "a" and "href" in attrs:
                href = attrs["href"]
                assert href.startswith(("#", "events/", "../index.html", "http://",
                                        "https://")), href
        assert "url(" not in "".join(tags.raw["style"])
        assert "@import" not in "".join(tags.raw["style"])


def test_the_policy_allows_the_page_own_script_and_style_only(site):
    html = site["index"].read_text(encoding="utf-8")
    tags = parse(html)
    csp = next(a["content"] for t, a in tags.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    rules = dict(r.strip().split(" ", 1) for r in csp.split(";"))
    assert rules["default-src"] == "'none'"
    (script,), (style,) = tags.raw["script"], tags.raw["style"]

    def sha(text):
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert rules["script-src"] == sha(script)
    assert rules["style-src"] == sha(style)
    assert "unsafe" not in csp
    # the policy comes before anything it governs
    assert html.index("Content-Security-Policy") < html.index("<style>") < html.index("<script>")


def test_a_rebuild_removes_pages_of_events_no_longer_there(site, tmp_path):
    out = tmp_path / "site"
    build(site["db"], out, SETTINGS)
    stale = out / "events" / "gone-2031-01-01.html"
    stale.write_text((out / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    mine = out / "events" / "notes.html"
    mine.write_text("<p>my own notes</p>", encoding="utf-8")
    build(site["db"], out, SETTINGS)
    assert not stale.exists() and mine.exists()


# -- untrusted text ----------------------------------------------------------------------------


def test_hostile_text_is_shown_as_text(site):
    eid = hostile_event(site["db"])
    html = (site["index"].parent / "events" / f"{page_name(eid)}.html").read_text("utf-8")
    for raw in (PWN, IMG, "<b>bold</b>", "<i onmouseover"):
        assert raw not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in html
    assert "javascript:" not in html  # the article's URL is not a link
    tags = parse(html)
    assert len(tags.raw["script"]) == 1  # ours
    assert not [a for _, a in tags.tags if any(k.startswith("on") for k in a)]
    # the figures are marked in their sentences, the markup around them escaped
    assert "<mark>At least 12</mark> people were killed" in html
    index = site["index"].read_text(encoding="utf-8")
    assert PWN not in index and "Strike on Halvorsk &lt;script&gt;" in index


@pytest.mark.parametrize("sentence, start, end, figure, expected", [
    ("63 killed", 0, 2, "63", "<mark>63</mark> killed"),
    ("<b>63</b> killed", 3, 5, "63", "&lt;b&gt;<mark>63</mark>&lt;/b&gt; killed"),
    # offsets that do not hold the figure: its first occurrence is marked
    ("about 450 & more", 0, 3, "about 450", "<mark>about 450</mark> &amp; more"),
    ("no figure <here>", 3, 9, "450", "no figure &lt;here&gt;"),
    ("x <script>", None, None, "", "x &lt;script&gt;"),
    ("the <mark>12</mark>", 10, 12, "12", "the &lt;mark&gt;<mark>12</mark>&lt;/mark&gt;"),
])
def test_highlight(sentence, start, end, figure, expected):
    assert str(highlight(sentence, start, end, figure)) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://news.test/a?b=1&c=2", "https://news.test/a?b=1&c=2"),
    ("  http://news.test/a  ", "http://news.test/a"),
    ("HTTPS://NEWS.TEST/", "HTTPS://NEWS.TEST/"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox", None),
    ("//news.test/a", None),
    ("/relative/path", None),
    ("http:///nohost", None),
    ("https://news.test/a b", None),
    ("https://news.test/\x00", None),
    ("", None),
    (None, None),
])
def test_only_http_urls_become_links(url, expected):
    assert safe_url(url) == expected


@pytest.mark.parametrize("low, high, expected", [
    (63, 63, "63"), (61, None, "≥61"), (None, 10, "≤10"), (200, 900, "200–900"),
    (1240, 1240, "1,240"), (2.5, 2.5, "2.5"), (None, None, "?"),
])
def test_interval(low, high, expected):
    assert interval(low, high) == expected


# -- charts -------------------------------------------------------------------------------------


def _chart() -> str:
    ministry = Series("Ministry <b>", (
        Point("2031-03-10", 63, 63, 63, "63", "#ev-1"),
        Point("2031-03-11", 71, 71, 71, "71", "#ev-2"),
        Point("2031-03-13", 89, 89, 89, "89", "#ev-3")), 0)
    army = Series("Army", (
        Point("2031-03-09", 424, 200, 900, "several hundred", "#ev-4"),
        Point("2031-03-10", 450, 450, 450, "~450", "#ev-5")), 1)
    blogger = Series("Blogger", (Point("2031-03-12", 61, 61, None, ">60", "#ev-6"),
                                 Point(None, 5, 5, 5, "5")), 2)
    return str(figures_chart([ministry, army, blogger], chart_id="c1", title="Killed <people>",
                             band=Band(61, 89, 900), end_day="2031-03-14",
                             event_day="2031-03-09"))


def test_chart_draws_each_figure_step_and_interval():
    svg = _chart()
    assert len(re.findall(r'class="pt"', svg)) == 6  # the undated figure is not drawn
    assert len(re.findall(r'class="step"', svg)) == 3  # 63→71→89 and 424→450
    assert len(re.findall(r'class="bar(?: open)?"', svg)) == 2
    assert len(re.findall(r'class="bar open"', svg)) == 1  # ">60" is open above
    assert len(re.findall(r'class="tail"', svg)) == 3
    assert svg.count('href="#ev-') == 6
    assert 'class="band-range"' in svg and "best 89" in svg


def test_chart_is_accessible_and_escaped():
    svg = _chart()
    assert 'role="img" aria-labelledby="c1-t c1-d"' in svg
    assert '<title id="c1-t">Killed &lt;people&gt;</title>' in svg
    desc = re.search(r'<desc id="c1-d">(.*?)</desc>', svg).group(1)
    assert "Ministry &lt;b&gt;: 63 on 10 Mar, 71 on 11 Mar, 89 on 13 Mar." in desc
    assert "5 (undated)" in desc and "best 89" in desc
    assert "<b>" not in svg
    assert 'class="legend"' in svg and svg.count("<li>") == 3


def test_chart_goes_log_when_figures_span_orders_of_magnitude():
    wide = Series("x", (Point("2031-03-10", 9, 9, 9, "9"), Point("2031-03-11", 9812, 9812,
                                                                  9812, "9,812")), 0)
    assert "log scale" in str(figures_chart([wide], chart_id="c", title="t"))
    narrow = Series("x", (Point("2031-03-10", 9, 9, 9, "9"), Point("2031-03-11", 11, 11, 11,
                                                                    "11")), 0)
    assert "log scale" not in str(figures_chart([narrow], chart_id="c", title="t"))


def test_a_chart_without_dated_figures_is_a_sentence():
    s = Series("x", (Point(None, 5, 5, 5, "5"),), 0)
    assert str(figures_chart([s], chart_id="c", title="t")).startswith('<p class="no-chart">')


# -- one page, and the command -----------------------------------------------------------------


def test_one_event_to_a_file_or_into_a_directory(site, tmp_path):
    eid = site["events"][0]
    built = build(site["db"], tmp_path / "one.html", SETTINGS, event=eid)
    html = built.path.read_text(encoding="utf-8")
    assert built.pages == 1 and f"<code>{eid}</code>" in html
    assert "All events" not in html  # no index beside it
    built = build(site["db"], tmp_path, SETTINGS, event=eid)
    assert built.path == tmp_path / f"{eid}.html"


def test_a_place_naming_several_events_is_refused_with_their_ids(site, tmp_path):
    with Store.reader(site["db"]) as store:
        places = [e["place"] for e in store.events()]
    place = next(p for p in places if places.count(p) > 1)
    with pytest.raises(TalliesError, match="names [0-9]+ events: "):
        build(site["db"], tmp_path / "x.html", SETTINGS, event=place.lower())
    with pytest.raises(NotFound):
        build(site["db"], tmp_path / "x.html", SETTINGS, event="atlantis")


def test_command(site, tmp_path):
    result = CliRunner().invoke(cli, ["report", "--db", site["db"], "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert f"open {(tmp_path / 'r' / 'index.html').resolve().as_uri()}" in result.output
    eid = site["events"][0]
    result = CliRunner().invoke(cli, ["report", "--db", site["db"], "--event", eid, "-o",
                                      str(tmp_path / "e.html")])
    assert result.exit_code == 0 and "1 event page written" in result.output


@pytest.mark.parametrize("args, message", [
    (["--event", "atlantis"], "no event or place 'atlantis'"),
    (["--db", "missing.db"], "no such store"),
])
def test_command_errors_are_one_line(site, tmp_path, args, message):
    import subprocess
    import sys

    if "--db" not in args:
        args = ["--db", site["db"], *args]
    proc = subprocess.run([sys.executable, "-m", "tallies", "report", *args, "-o",
                           str(tmp_path / "x.html")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr


def test_a_report_does_not_write_to_the_store(site, tmp_path):
    db = Path(site["db"])
    before = (db.stat().st_mtime_ns, db.read_bytes())
    build(db, tmp_path / "r", SETTINGS)
    assert (db.stat().st_mtime_ns, db.read_bytes()) == before
