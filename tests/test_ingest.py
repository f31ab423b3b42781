"""ingest: every input gives Articles or Failures with reasons, and the batch goes on.

All articles here are written for these tests, about events that did not happen.
"""
from __future__ import annotations

import codecs
import gzip
import importlib.util
import io
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tallies.errors import InputError
from tallies.ingest import decode_bytes, detect_language, iter_articles, read_text_file
from tallies.records import Article, Failure
from tallies.settings import Settings

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("hostile_make", HERE / "hostile" / "make.py")
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

ENGLISH = (
    "Ferry capsizes off Tarrow Point\n"
    "At least 17 passengers drowned and 46 were rescued after a ferry capsized off Tarrow Point "
    "on Sunday, the harbour master said. The regional health office said 9 of the survivors "
    "were in hospital, two of them in a critical condition.\n"
)
FRENCH = (
    "Un glissement de terrain a enseveli trois maisons à Vaubrecourt dans la nuit de lundi, a "
    "indiqué la préfecture. Selon les pompiers, quatorze personnes sont portées disparues et "
    "une centaine d'habitants ont été évacués vers la salle des fêtes du village voisin."
)
RUSSIAN = (
    "В результате обрушения моста под городом Заречанском погибли семь человек, ещё "
    "двадцать получили ранения, сообщили в региональном управлении МЧС. Спасатели продолжают "
    "разбирать завалы, движение по трассе перекрыто до утра."
)
GERMAN = (
    "Bei einem Brand in einer Lagerhalle am Stadtrand von Kellbrunn sind nach Angaben der "
    "Feuerwehr mindestens sechs Menschen verletzt worden. Die Polizei sperrte die Umgebung "
    "weiträumig ab, rund zweihundert Anwohner mussten ihre Wohnungen verlassen."
)
SPANISH_LATIN1 = (
    "Según la Guardia Civil, once personas resultaron heridas en el incendio de Valdeoñate; "
    "el alcalde pidió calma a los vecinos."
)


def settings(**ingest) -> Settings:
    return Settings.load(overrides={"ingest": ingest}) if ingest else Settings.load()


def run(inputs, **ingest) -> list[Article | Failure]:
    return list(iter_articles([str(i) for i in inputs], settings(**ingest)))


def articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def failures(items) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def html_page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}</head>"
            f"<body>{body}</body></html>")


STORY_HTML = html_page(
    head=("<title>Quake shakes Merrowdale | The Lantern Post</title>"
          "<meta property=\"og:site_name\" content=\"The Lantern Post\">"
          "<meta property=\"article:published_time\" content=\"2024-05-06T08:30:00Z\">"
          "<script>var tally = 'At least 9999 people were killed';</script>"
          "<style>.x { color: red }</style>"),
    body=("<nav><a href=\"/\">Home</a> <a href=\"/world\">World news</a></nav>"
          "<article><h1>Quake shakes Merrowdale</h1>"
          "<p>A magnitude 6.1 earthquake killed <b>at least <i>eleven</i> people</b> in "
          "Merrowdale on Monday, the civil protection agency said. More than 80 were injured, "
          "<span>according to <a href=\"/h\">the regional hospital</a></span>.</p>"
          "<figure><img src=\"/q.jpg\" alt=\"\"><figcaption>About 250 buildings were damaged "
          "in the old quarter.</figcaption></figure>"
          "<figure><img src=\"/r.jpg\"><figcaption>Rescuers at work.</figcaption></figure>"
          "<aside><figure><figcaption>5 things to know about quakes</figcaption></figure>"
          "</aside>"
          "<div><div><div><p>Aftershocks continued through the night, and schools in the "
          "district will stay closed until Thursday, the mayor said.</p></div></div></div>"
          "<script>document.write('Casualty count: 5000 dead')</script>"
          "</article><footer>© 2024 The Lantern Post</footer>"),
)


# ---------------------------------------------------------------------------------------------
# Hostile inputs: exactly one Failure each, naming the input; the good file next to them is kept


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    expected = hostile.make(folder)
    (folder / "good.txt").write_text(hostile.GOOD_TEXT, encoding="utf-8")
    return folder, expected


def test_hostile_directory_gives_one_failure_each_and_keeps_the_good_file(hostile_dir):
    folder, expected = hostile_dir
    start = time.monotonic()
    items = run([folder], max_bytes=5_000_000)
    assert time.monotonic() - start < 10
    by_file = {}
    for failure in failures(items):
        name = Path(failure.input).name
        assert name not in by_file, f"two failures for {name}"
        by_file[name] = failure
    assert set(by_file) == set(expected)
    for name, phrase in expected.items():
        assert name in by_file[name].reason
        assert phrase in by_file[name].reason
        assert "\n" not in by_file[name].reason
    good = articles(items)
    assert [a.id for a in good] == ["good.txt"]
    assert good[0].text == hostile.GOOD_TEXT


HOSTILE_NAMES = [
    "empty.txt", "whitespace.txt", "bom-only.txt", "picture.txt", "paper.pdf", "photo.md",
    "bundle.zip", "nul-bytes.txt", "controls.txt", "unknown.bin", "too-short.txt", "deep.html",
    "deep-40k.html", "script-only.html", "tag-soup.html", "cut.txt.gz", "gzip-bomb.txt.gz",
    "big-50mb.txt", "big-100mb.html",
    "pipe.txt", "endless.txt", "dangling.txt",
]


def test_hostile_names_cover_every_generated_file(hostile_dir):
    made = set(hostile_dir[1])
    assert made <= set(HOSTILE_NAMES)
    assert set(HOSTILE_NAMES) - made <= {"pipe.txt", "endless.txt"}  # need mkfifo, /dev/zero


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_each_hostile_file_given_alone_then_a_good_one(hostile_dir, name):
    folder, expected = hostile_dir
    if name not in expected:
        pytest.skip(f"{name} cannot be made on this system")
    items = run([folder / name, folder / "good.txt"], max_bytes=5_000_000)
    assert len(items) == 2
    failure, article = items
    assert isinstance(failure, Failure) and failure.input == str(folder / name)
    assert str(folder / name) in failure.reason and expected[name] in failure.reason
    assert isinstance(article, Article) and article.id == "good.txt"


@pytest.mark.parametrize("size", [50 * 2**20, 100 * 2**20], ids=["50MB", "100MB"])
def test_big_files_are_refused_from_their_size_without_reading(tmp_path, size):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # sparse: no blocks written, and nothing to read quickly
        fh.truncate(size)
    start = time.monotonic()
    (failure,) = run([path])  # default limit: 20 MB
    assert time.monotonic() - start < 1.0
    assert failure.reason == (f"{path}: file is {size:,} bytes, over the limit of 20,000,000 "
                              "(ingest.max_bytes)")


class _Endless(io.RawIOBase):
    """A stream that never ends, counting what is read from it."""

    def __init__(self):
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        line = b"More rain is forecast for the valley on Friday. " * 20 + b"\n"
        n = min(len(buffer), len(line))
        buffer[:n] = line[:n]
        self.read_bytes += n
        return n


def test_stdin_over_the_limit_is_refused_after_reading_at_most_the_limit(monkeypatch):
    endless = _Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    start = time.monotonic()
    (failure,) = run(["-"], max_bytes=1_000_000)
    assert time.monotonic() - start < 2.0
    assert failure.input == "stdin"
    assert failure.reason == "stdin: over the limit of 1,000,000 bytes (ingest.max_bytes); " \
        "stopped reading"
    assert endless.read_bytes <= 1_000_001 + 64 * 1024


def test_missing_path_then_good_file(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    items = run([tmp_path / "nowhere.txt", good])
    assert items[0] == Failure(str(tmp_path / "nowhere.txt"),
                               f"{tmp_path / 'nowhere.txt'}: no such file or directory")
    assert isinstance(items[1], Article)


def test_min_chars_from_settings(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("Eleven hurt in bus crash near Dunmore.", encoding="utf-8")
    assert isinstance(run([path], min_chars=20)[0], Article)
    (failure,) = run([path], min_chars=100)
    assert "text is 38 characters, under ingest.min_chars (100)" in failure.reason


# ---------------------------------------------------------------------------------------------
# Encodings


ENCODED = {
    "cp1251": (RUSSIAN, RUSSIAN.encode("cp1251")),
    "koi8-r": (RUSSIAN, RUSSIAN.encode("koi8-r")),
    "latin-1 french": (FRENCH, FRENCH.encode("latin-1")),
    "latin-1 spanish": (SPANISH_LATIN1, SPANISH_LATIN1.encode("latin-1")),
    "cp1252 quotes": ("The mayor said “at least 30” homes — maybe more — were lost.",
                      "The mayor said “at least 30” homes — maybe more — were lost.".encode(
                          "cp1252")),
    "utf-8": (RUSSIAN, RUSSIAN.encode("utf-8")),
    "utf-8 bom": (ENGLISH, codecs.BOM_UTF8 + ENGLISH.encode("utf-8")),
    "utf-16-le bom": (ENGLISH, codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le")),
    "utf-16-be bom": (FRENCH, codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be")),
    "utf-16-le no bom": (ENGLISH, ENGLISH.encode("utf-16-le")),
    "utf-16-be no bom": (ENGLISH, ENGLISH.encode("utf-16-be")),
    "utf-16-le no bom cyrillic": (RUSSIAN, RUSSIAN.encode("utf-16-le")),
    "utf-32-le bom": (GERMAN, codecs.BOM_UTF32_LE + GERMAN.encode("utf-32-le")),
}


@pytest.mark.parametrize("label", list(ENCODED))
def test_decode_bytes(label):
    text, data = ENCODED[label]
    assert decode_bytes(data, label) == text


@pytest.mark.parametrize("label", ["cp1251", "latin-1 french", "utf-16-le no bom",
                                   "utf-16-be bom"])
def test_encoded_files_come_out_as_the_right_text(tmp_path, label):
    text, data = ENCODED[label]
    (tmp_path / "story.txt").write_bytes(data)
    (article,) = run([tmp_path / "story.txt"], detect_language=False)
    assert article.text == text


def test_mostly_utf8_with_a_stray_byte_stays_utf8():
    text = "Спасатели: 12 погибших. " * 5
    data = text.encode("utf-8") + b"\xff" + " Конец.".encode("utf-8")
    assert decode_bytes(data) == text + "\ufffd Конец."


def test_read_text_file_normalises_line_ends(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("Line one\r\nLine two\rLine three\n".encode("cp1252"))
    assert read_text_file(path) == "Line one\nLine two\nLine three\n"
    with pytest.raises(InputError, match="binary file"):
        (tmp_path / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        read_text_file(tmp_path / "x.png")


@pytest.mark.parametrize("declared, data, expected", [
    ("windows-1252", RUSSIAN.encode("cp1251"), RUSSIAN),  # declared single-byte, is cp1251
    ("utf-8", RUSSIAN.encode("cp1251"), RUSSIAN),  # declared UTF-8, is not
    ("iso-8859-1", FRENCH.encode("utf-8"), FRENCH),  # declared Latin-1, is UTF-8
    ("iso-8859-1", FRENCH.encode("latin-1"), FRENCH),  # declared right
], ids=["1252-is-1251", "utf8-is-1251", "latin1-is-utf8", "latin1-is-latin1"])
def test_html_with_a_wrong_declared_charset_has_no_mojibake(tmp_path, declared, data, expected):
    page = (f"<html><head><meta charset=\"{declared}\"><title>Report</title></head>"
            "<body><article><p>").encode("ascii") + data + b"</p></article></body></html>"
    (tmp_path / "page.html").write_bytes(page)
    (article,) = run([tmp_path / "page.html"], detect_language=False)
    assert expected in article.text


# ---------------------------------------------------------------------------------------------
# Plain text and HTML


def test_plain_text_is_kept_exactly_with_headline_title(tmp_path):
    (tmp_path / "ferry.txt").write_bytes(ENGLISH.replace("\n", "\r\n").encode("utf-8"))
    (article,) = run([tmp_path / "ferry.txt"])
    assert article == Article(id="ferry.txt", text=ENGLISH, title="Ferry capsizes off Tarrow Point",
                              origin=str(tmp_path / "ferry.txt"), language="en")


@pytest.mark.parametrize("text, title", [
    ("Ferry capsizes off Tarrow Point\nAt least 17 drowned.", "Ferry capsizes off Tarrow Point"),
    ("At least 17 passengers drowned on Sunday.\nThe harbour master said so.", None),
    ("Is the ceasefire over?\nShelling resumed near Ostvald.", "Is the ceasefire over?"),
    ("Just one line without a break", None),
    ("\n\n  Toll rises to 40 in Barrowfield  \nOfficials said.", "Toll rises to 40 in Barrowfield"),
    ("2024-05-06\nThe flood reached the town.", None),
    ("The council met on Monday, and\nit voted.", None),
])
def test_headline_from_first_line(tmp_path, text, title):
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    (article,) = run([tmp_path / "t.txt"], detect_language=False, min_chars=1)
    assert article.title == title


def test_html_main_text_headline_caption_and_metadata(tmp_path):
    (tmp_path / "quake.html").write_text(STORY_HTML, encoding="utf-8")
    (article,) = run([tmp_path / "quake.html"])
    assert article.text.startswith("Quake shakes Merrowdale\nA magnitude 6.1 earthquake killed "
                                   "at least eleven people in Merrowdale on Monday")
    assert "Aftershocks continued through the night" in article.text
    assert "About 250 buildings were damaged in the old quarter." in article.text  # has a digit
    assert "Rescuers at work" not in article.text  # a caption without a figure
    assert "5 things to know" not in article.text  # a teaser for another story
    assert "9999" not in article.text and "5000" not in article.text  # scripts
    assert "World news" not in article.text and "©" not in article.text  # navigation, footer
    assert article.title == "Quake shakes Merrowdale"
    assert article.published == "2024-05-06"
    assert article.outlet == "The Lantern Post"
    assert article.id == "quake.html" and article.language == "en"


def test_html_title_is_prepended_when_the_text_lacks_it(tmp_path):
    page = html_page(head="<title>Bridge collapse in Hollin kills four</title>",
                     body="<article><p>Four people died when a road bridge collapsed in Hollin "
                          "on Friday, the fire service said. Another 12 were hurt.</p>"
                          "<p>Engineers will inspect two other bridges on the river.</p>"
                          "</article>")
    (tmp_path / "bridge.htm").write_text(page, encoding="utf-8")
    (article,) = run([tmp_path / "bridge.htm"])
    assert article.text.startswith("Bridge collapse in Hollin kills four\nFour people died")
    assert article.title == "Bridge collapse in Hollin kills four"


def test_html_sniffed_from_content_in_a_file_without_extension(tmp_path):
    (tmp_path / "download").write_text(STORY_HTML, encoding="utf-8")
    (article,) = run([tmp_path / "download"])
    assert article.text.startswith("Quake shakes Merrowdale\n")
    assert "<p>" not in article.text


def test_html_publication_date_in_the_future_needs_latest_published(tmp_path):
    page = STORY_HTML.replace("2024-05-06T08:30:00Z", "2031-03-14T08:30:00Z")
    (tmp_path / "future.html").write_text(page, encoding="utf-8")
    assert run([tmp_path / "future.html"])[0].published is None
    (article,) = run([tmp_path / "future.html"], latest_published="2099-12-31")
    assert article.published == "2031-03-14"


def test_html_outlet_from_the_url_host_when_no_site_name(tmp_path):
    page = STORY_HTML.replace('<meta property="og:site_name" content="The Lantern Post">',
                              '<link rel="canonical" href="https://www.lanternpost.example/q">')
    (tmp_path / "q.html").write_text(page, encoding="utf-8")
    (article,) = run([tmp_path / "q.html"])
    assert article.url == "https://www.lanternpost.example/q"
    assert article.outlet == "lanternpost.example"


# ---------------------------------------------------------------------------------------------
# Language


@pytest.mark.parametrize("text, language", [(FRENCH, "fr"), (RUSSIAN, "ru"), (GERMAN, "de")])
def test_other_languages_are_skipped_with_their_language(tmp_path, text, language):
    (tmp_path / "story.txt").write_text(text, encoding="utf-8")
    (tmp_path / "zz-english.txt").write_text(ENGLISH, encoding="utf-8")
    failure, article = run([tmp_path])
    assert failure.kind == "skipped"
    assert failure.reason == (f"{tmp_path / 'story.txt'}: skipped: language is {language!r}, "
                              "not English")
    assert article.id == "zz-english.txt" and article.language == "en"


@pytest.mark.parametrize("text", [
    "Kyiv: 12 dead\nOfficials in Lviv and Kharkiv said 40 hurt.",
    "Zelenodolsk blast: 3 killed\nTwo workers hurt at the Kharovsk plant.",
    "Oleksandr Petrenko, Dmytro Kovalenko and Andriy Melnyk named among 5 hurt in Vinnytsia",
])
def test_short_english_full_of_names_is_kept(tmp_path, text):
    assert detect_language(text) in (None, "en")
    (tmp_path / "short.txt").write_text(text, encoding="utf-8")
    (article,) = run([tmp_path / "short.txt"])
    assert isinstance(article, Article) and article.text == text


def test_language_detection_can_be_turned_off(tmp_path):
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (article,) = run([tmp_path / "fr.txt"], detect_language=False)
    assert article.text == FRENCH and article.language is None


# ---------------------------------------------------------------------------------------------
# JSONL


def jsonl(*records) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n"
                    for r in records)


def test_jsonl_broken_middle_line_gives_the_good_lines_and_one_failure(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl(
        {"id": "a1", "url": "https://news.example/a1", "title": "Ferry capsizes",
         "published": "2024-02-03T10:00:00Z", "text": ENGLISH},
        b'{"id": "a2", "text": "cut off in the mid',
        {"url": "https://news.example/a3", "text": "Flooding closed 14 schools in Renwick.\r\n"},
    ))
    first, broken, third = run([path])
    assert first == Article(id="a1", text=ENGLISH, title="Ferry capsizes",
                            url="https://news.example/a1", published="2024-02-03",
                            origin=f"{path}:1", outlet="news.example", language="en")
    assert broken.input == f"{path}:2"
    assert broken.reason.startswith(f"{path}:2: not valid JSON (")
    assert third.id == f"{path}:3"  # no id: file and line
    assert third.text == "Flooding closed 14 schools in Renwick.\r\n"  # exactly as given


@pytest.mark.parametrize("line, phrase", [
    (b"[1, 2, 3]", "not a JSON object"),
    (b'{"id": "n", "title": "No text here"}', "no text or html field"),
    (b'{"id": "n", "text": "   "}', "empty"),
    (b'{"id": "n", "text": 42}', "text should be a string"),
    (b'{"id": {"a": 1}, "text": "Twelve hurt in the Harwick fire."}', "id should be a string"),
    (b'{"id": "n", "text": "' + b"\xff\xfe bad bytes" + b'"}', "not valid JSON"),
    (b'{"id": "n", "html": "<html><body><script>x=1</script></body></html>"}',
     "no article text found"),
])
def test_jsonl_bad_records(tmp_path, line, phrase):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(jsonl(line, {"id": "ok", "text": ENGLISH}))
    failure, article = run([path])
    assert failure.input == f"{path}:1" and phrase in failure.reason
    assert article.id == "ok"


def test_jsonl_html_field_goes_through_the_html_path(tmp_path):
    path = tmp_path / "pages.ndjson"
    path.write_bytes(jsonl({"id": "q", "url": "https://www.lanternpost.example/q",
                            "html": STORY_HTML}))
    (article,) = run([path])
    assert article.id == "q" and article.text.startswith("Quake shakes Merrowdale\n")
    assert article.published == "2024-05-06" and article.url == "https://www.lanternpost.example/q"


def test_jsonl_gz_cut_short_keeps_the_lines_before(tmp_path):
    data = gzip.compress(jsonl(*({"id": f"s{i}", "text": ENGLISH} for i in range(200))))
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = run([path])
    kept, (failure,) = articles(items), failures(items)
    assert 0 < len(kept) < 200 and [a.id for a in kept] == [f"s{i}" for i in range(len(kept))]
    assert "compressed data is cut short" in failure.reason and str(path) in failure.reason
    assert items[-1] is failure


def test_jsonl_line_over_the_limit_is_skipped_and_reading_goes_on(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_bytes(jsonl({"id": "big", "text": "word " * 300_000}, {"id": "ok", "text": ENGLISH}))
    failure, article = run([path], max_bytes=100_000)
    assert failure.input == f"{path}:1" and "over the limit of 100,000 bytes" in failure.reason
    assert article.id == "ok"


def test_json_document_with_a_list_of_articles(tmp_path):
    path = tmp_path / "two.json"
    path.write_text(json.dumps([{"id": "j1", "text": ENGLISH}, {"id": "j2", "text": 5}],
                               indent=2), encoding="utf-8")
    article, failure = run([path])
    assert article.id == "j1" and failure.input == f"{path}[1]"


# ---------------------------------------------------------------------------------------------
# WARC


def warc_bytes(pages, gz: bool, extra=()) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for uri, status, content_type, payload in [*pages, *extra]:
        headers = StatusAndHeaders(status, [("Content-Type", content_type),
                                            ("Content-Length", str(len(payload)))],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2030-01-01T00:00:00Z"}))
    return buffer.getvalue()


PAGES = [
    ("https://www.lanternpost.example/quake", "200 OK", "text/html; charset=utf-8",
     STORY_HTML.encode("utf-8")),
    ("https://news.example/bridge", "200 OK", "text/html",
     html_page(head="<title>Bridge collapse in Hollin kills four</title>"
                    "<meta name=\"date\" content=\"2024-06-01\">",
               body="<article><h1>Bridge collapse in Hollin kills four</h1><p>Four people died "
                    "when a road bridge collapsed in Hollin on Friday, the fire service said. "
                    "Another 12 were hurt, two of them badly.</p></article>").encode("utf-8")),
]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_records_become_articles(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(warc_bytes(PAGES, gz))
    first, second = run([path])
    assert first.url == "https://www.lanternpost.example/quake"
    assert first.id.startswith("urn:uuid:") and first.origin == f"{path}@0"
    assert first.text.startswith("Quake shakes Merrowdale\n")
    assert first.published == "2024-05-06"  # from the page, not WARC-Date (2030)
    assert second.published == "2024-06-01" and second.outlet == "news.example"
    assert run([path])[0].id == first.id  # stable across runs


def test_warc_skips_non_html_and_marks_error_pages(tmp_path):
    extra = [("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
             ("https://news.example/gone", "404 Not Found", "text/html",
              b"<html><body><p>Page not found, sorry about that.</p></body></html>")]
    path = tmp_path / "mixed.warc"
    path.write_bytes(warc_bytes(PAGES, gz=False, extra=extra))
    first, second, missing = run([path])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert missing.kind == "skipped" and "HTTP status 404" in missing.reason


@pytest.mark.parametrize("gz, cut", [
    (False, -200),  # in the middle of the second page
    (False, "headers"),  # in the WARC headers of the second record
    (True, -40),  # inside the second gzip member
    (True, "headers"),
])
def test_warc_cut_mid_record_keeps_the_first_and_fails_once(tmp_path, gz, cut):
    data = warc_bytes(PAGES, gz)
    second_start = len(warc_bytes(PAGES[:1], gz))
    end = second_start + 30 if cut == "headers" else len(data) + cut
    path = tmp_path / "cut.warc.gz" if gz else tmp_path / "cut.warc"
    (tmp_path / "after.txt").write_text(ENGLISH, encoding="utf-8")
    path.write_bytes(data[:end])
    items = run([path, tmp_path / "after.txt"])
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Article"]
    assert items[0].url == PAGES[0][0]
    assert str(path) in items[1].reason and "stopped reading this file" in items[1].reason
    assert "Traceback" not in items[1].reason
    assert items[2].id == "after.txt"


def test_not_a_warc_at_all(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_bytes(b"This is not an archive.\n" * 10)
    (failure,) = run([path])
    assert str(path) in failure.reason and "stopped reading this file" in failure.reason


def test_warc_record_over_the_limit_is_refused_and_the_next_read(tmp_path):
    big = ("https://news.example/big", "200 OK", "text/html", b"<p>x</p>" * 20_000)
    path = tmp_path / "big.warc"
    path.write_bytes(warc_bytes([big, PAGES[1]], gz=False))
    failure, article = run([path], max_bytes=100_000)
    assert "over the limit of 100,000" in failure.reason and article.url == PAGES[1][0]


# ---------------------------------------------------------------------------------------------
# Directories, standard input, ids


def test_directory_walk_is_sorted_recursive_skips_hidden_and_ids_are_relative(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/b/c.md", ".secret.txt", ".git/x.txt", "c.html"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".html"):
            path.write_text(STORY_HTML, encoding="utf-8")
        else:
            path.write_text(ENGLISH, encoding="utf-8")
    ids = [a.id for a in run([tmp_path])]
    assert ids == ["a/b/c.md", "a/z.txt", "b.txt", "c.html"]
    assert ids == [a.id for a in run([tmp_path])]


def test_odd_file_names_give_one_line_ids(tmp_path):
    path = tmp_path / "line\nbreak.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    (article,) = run([tmp_path])
    assert article.id == "line\\nbreak.txt"


@pytest.mark.parametrize("data, expected_id, start", [
    (jsonl({"id": "s1", "text": ENGLISH}), "s1", "Ferry capsizes"),
    (jsonl({"text": ENGLISH}), "stdin:1", "Ferry capsizes"),
    (STORY_HTML.encode("utf-8"), "stdin", "Quake shakes Merrowdale\n"),
    (ENGLISH.encode("cp1252"), "stdin", "Ferry capsizes"),
    (gzip.compress(jsonl({"id": "g1", "text": ENGLISH})), "g1", "Ferry capsizes"),
], ids=["jsonl", "jsonl-no-id", "html", "text", "gzip-jsonl"])
def test_stdin_is_sniffed(monkeypatch, data, expected_id, start):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (article,) = run(["-"])
    assert article.id == expected_id and article.text.startswith(start)


def test_stdin_warc(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(warc_bytes(PAGES, gz=True))))
    assert [a.url for a in run(["-"])] == [PAGES[0][0], PAGES[1][0]]


# ---------------------------------------------------------------------------------------------
# URLs (a local server; allow_private lets the tests reach it)


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        routes = {
            "/quake": ("text/html; charset=utf-8", STORY_HTML.encode("utf-8")),
            "/plain": ("text/plain", ENGLISH.encode("utf-8")),
            "/image": ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        }
        if self.path not in routes:
            self.send_error(404)
            return
        content_type, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch_settings(allow_private=True) -> Settings:
    return Settings.load(overrides={"fetch": {"allow_private": allow_private, "timeout": 5.0}})


def test_url_list_file(tmp_path, server):
    listing = tmp_path / "today.urls"
    listing.write_text(f"# morning run\n{server}/quake\n\n{server}/plain  # wire copy\n"
                       f"{server}/image\n{server}/missing\nnot a url\n", encoding="utf-8")
    quake, plain, image, missing, bad = iter_articles([str(listing)], fetch_settings())
    assert quake.id == f"{server}/quake" and quake.url == f"{server}/quake"
    assert quake.text.startswith("Quake shakes Merrowdale\n") and quake.outlet == "The Lantern Post"
    assert plain.text == ENGLISH and plain.title == "Ferry capsizes off Tarrow Point"
    assert image.reason == f"{server}/image: not HTML or text (content type image/png)"
    assert "HTTP 404" in missing.reason and missing.input == f"{server}/missing"
    assert bad == Failure(f"{listing}:7", f"{listing}:7: not a URL: not a url")


def test_url_refused_when_private_addresses_are_not_allowed(server, tmp_path):
    (tmp_path / "ok.txt").write_text(ENGLISH, encoding="utf-8")
    refused, scheme, article = iter_articles(
        [f"{server}/quake", "file:///etc/passwd", str(tmp_path / "ok.txt")],
        fetch_settings(allow_private=False))
    assert refused.reason == (f"{server}/quake: refused: 127.0.0.1 is a loopback address "
                              "(fetch.allow_private is false)")
    assert scheme.reason == ("file:///etc/passwd: only http and https URLs are fetched, "
                             "not file:")
    assert article.id == "ok.txt"
