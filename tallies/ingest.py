"""Files, directories, standard input and URLs -> Articles; a Failure for each unusable input.

`iter_articles` never raises for a bad input: every problem becomes a `Failure` whose reason
names the input, and the batch goes on (STYLE practice 8). Formats are chosen by extension and,
where that says nothing, by content: plain text, HTML (main text by trafilatura), JSONL, WARC,
and files listing URLs.

Offsets of claims point into `Article.text`, so the text is kept exactly as decoded (HTML: as
extracted); only line ends are normalised (\\r\\n and \\r -> \\n). JSONL text is kept exactly as
given, line ends included, because annotations made on such files point into that string.

Size: `ingest.max_bytes` bounds one document (a text or HTML file, a JSONL line, a WARC record,
a download) and is checked before anything is read into memory. JSONL and WARC files are read a
record at a time, so the files themselves may be of any size (a CC-NEWS WARC is about 1 GB).
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import stat
import sys
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from .errors import InputError, InputTooLarge, NotEnglish
from .fetch import fetch
from .records import Article, Failure
from .settings import Settings

STDIN_NAME = "stdin"
_SNIFF_BYTES = 8192
_LANGUAGE_SAMPLE = 5000  # characters given to the language identifier

# Kinds a file name can announce; everything else is sniffed.
_CONTAINER_KINDS = ("jsonl", "warc")
_EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".warc": "warc", ".arc": "warc",
    ".urls": "urls", ".url.txt": "urls",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text", ".rst": "text",
}
# Leading bytes of formats that are never an article.
_BINARY_MAGIC = (
    b"\x89PNG", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", b"\xff\xd8\xff", b"GIF87a", b"GIF89a",
    b"\x7fELF", b"BZh", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07",
    b"\xd0\xcf\x11\xe0", b"SQLite format 3\x00", b"\x28\xb5\x2f\xfd", b"wOFF", b"wOF2",
    b"\x00asm", b"OggS", b"fLaC", b"II*\x00", b"MM\x00*", b"\xca\xfe\xba\xbe",
)
_BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Legacy code pages news text most often comes in, most common first (codecs' names).
_COMMON_CODECS = ("cp1252", "iso8859-1", "cp1251", "iso8859-15", "cp1250", "koi8-r")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_HTML_DOCUMENT = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAG = re.compile(
    r"<(?:html|head|body|p|div|article|meta|title|script|style|br|span|h[1-6]|a|table)[\s>/]", re.I)
_JSON_OBJECT_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*\{\s*\"")
_START_TAG = re.compile(r"<[A-Za-z]")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_SURROGATE = re.compile("[\ud800-\udfff]")
_URL_LINE_COMMENT = re.compile(r"\s+#.*\Z")
_RUN_ON_WORDS = frozenset("a an and as at but by for from in of on or the to with".split())


@dataclass(frozen=True)
class _Meta:
    """Where a document came from, and what is already known about it."""

    name: str  # names the input in Failures
    ident: str  # Article.id: the same input gives the same id on every run
    origin: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    charset: str | None = None  # declared by an HTTP header, when there is one


# ---------------------------------------------------------------------------------------------
# The entry point


def iter_articles(inputs: Iterable[str], settings: Settings | None = None
                  ) -> Iterator[Article | Failure]:
    """Yield an Article for each usable document in `inputs`, a Failure for each that is not.

    `inputs` are file paths, directories (walked recursively in sorted order, hidden files
    skipped), "-" for standard input, http(s) URLs, and `*.urls` / `*.url.txt` files listing
    URLs. A Failure's reason is one line that names the input; nothing raises for a bad input.

    >>> for item in iter_articles(["corpus/", "https://news.example/story"]): ...
    """
    settings = settings if settings is not None else Settings.load()
    for item in inputs:
        yield from _guarded(_display(item), lambda item=item: _iter_input(item, settings))


def read_text_file(path: str | os.PathLike[str], settings: Settings | None = None) -> str:
    """The text of a file, decoded robustly (BOMs, UTF-16, UTF-8, then charset detection).

    Line ends are normalised to \\n. Raises InputError (binary, empty, missing, too large).
    """
    settings = settings if settings is not None else Settings.load()
    name = _display(os.fspath(path))
    st = _stat(Path(path), name)
    _check_size(st.st_size, settings.ingest["max_bytes"], name)
    with open(path, "rb") as fh:
        data = fh.read()
    return _normalise_newlines(decode_bytes(data, name))


def decode_bytes(data: bytes, name: str = "<bytes>", declared: str | None = None) -> str:
    """Bytes -> text, or InputError("binary file, not text" / "empty").

    Order: a BOM; UTF-16 without BOM (bytes with NULs that read as text in one byte order);
    other NUL bytes, known magic numbers or many control characters mean binary; strict UTF-8
    (or UTF-8 with a rare stray byte); then charset-normalizer, which prefers `declared` (an
    HTML or HTTP charset) only among encodings that read the bytes equally well, so a wrong
    declaration does not give mojibake.
    """
    if not data.strip():
        raise InputError(name, "empty")
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(encoding, errors="replace")
            break
    if text is None:
        if data.startswith(_BINARY_MAGIC):
            raise InputError(name, "binary file, not text")
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            text = data.decode(utf16, errors="replace")
        elif b"\x00" in data:
            raise InputError(name, "binary file, not text")
        else:
            text = _decode_8bit(data, declared)
            if text is None:
                raise InputError(name, "binary file, not text")
    if _control_share(text) > 0.02:
        raise InputError(name, "binary file, not text")
    if not text.strip():
        raise InputError(name, "empty")
    return text


# ---------------------------------------------------------------------------------------------
# Inputs: paths, directories, stdin, URLs


def _iter_input(item: str, settings: Settings) -> Iterator[Article | Failure]:
    if item == "-":
        yield from _iter_stream(sys.stdin.buffer, _Meta(STDIN_NAME, STDIN_NAME, STDIN_NAME),
                                None, settings)
        return
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", item):
        yield from _iter_url(item, settings)
        return
    path = Path(item)
    name = _display(item)
    st = _stat(path, name)
    if stat.S_ISDIR(st.st_mode):
        for file, relative in _walk(path):
            file_name = _display(os.fspath(file))
            yield from _guarded(file_name, lambda f=file, r=relative, n=file_name:
                                _iter_file(f, n, _display(r), settings))
    else:
        yield from _iter_file(path, name, _display(path.name), settings)


def _walk(root: Path) -> list[tuple[Path, str]]:
    """Files under `root` as (path, path relative to root), sorted; hidden names skipped.

    Symbolic links to directories are not followed (no loops); links to files are kept.
    """
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for filename in files:
            if not filename.startswith("."):
                file = Path(folder, filename)
                found.append((file, file.relative_to(root).as_posix()))
    return sorted(found, key=lambda pair: pair[1])


def _iter_file(path: Path, name: str, ident: str, settings: Settings
               ) -> Iterator[Article | Failure]:
    st = _stat(path, name)
    if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
        raise InputError(name, "not a regular file")
    kind, compressed = _kind_from_name(path.name)
    if kind not in _CONTAINER_KINDS:
        _check_size(st.st_size, settings.ingest["max_bytes"], name)
    if st.st_size == 0:
        raise InputError(name, "empty")
    meta = _Meta(name=name, ident=ident, origin=name)
    with open(path, "rb") as raw:
        # warcio reads gzip itself: a record per gzip member, with the member's offset
        wrap = compressed and kind != "warc"
        stream: BinaryIO = gzip.GzipFile(fileobj=raw) if wrap else raw
        yield from _iter_stream(stream, meta, kind, settings)


def _iter_url(url: str, settings: Settings) -> Iterator[Article | Failure]:
    name = _display(url)
    data, content_type, final_url = fetch(url, settings)
    kind = _kind_from_content_type(content_type)
    if kind == "binary":
        raise InputError(name, f"not HTML or text (content type {content_type})")
    charset = None
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
        charset = match.group(1) if match else None
    meta = _Meta(name=name, ident=name, origin=name, url=final_url, charset=charset)
    yield from _iter_stream(io.BytesIO(data), meta, kind, settings)


def _iter_url_list(data: bytes, meta: _Meta, settings: Settings) -> Iterator[Article | Failure]:
    text = _normalise_newlines(decode_bytes(data, meta.name))
    for lineno, line in enumerate(text.split("\n"), 1):
        line = _URL_LINE_COMMENT.sub("", line.strip())
        if not line or line.startswith("#"):
            continue
        if "://" not in line:
            where = f"{meta.name}:{lineno}"
            yield Failure(where, f"{where}: not a URL: {_display(line)[:200]}")
            continue
        yield from _guarded(_display(line), lambda url=line: _iter_url(url, settings))


# ---------------------------------------------------------------------------------------------
# Streams: sniff the format, then read a document or a container of documents


def _iter_stream(stream: BinaryIO, meta: _Meta, kind: str | None, settings: Settings
                 ) -> Iterator[Article | Failure]:
    limit = settings.ingest["max_bytes"]
    if kind is None:
        kind, stream = _sniff(stream, meta.name)
    if kind == "binary":
        raise InputError(meta.name, "binary file, not text")
    if kind == "warc":
        yield from _iter_warc(stream, meta.name, settings)
    elif kind == "jsonl":
        yield from _iter_jsonl(stream, meta.name, settings)
    elif kind == "json":
        yield from _iter_json(_read_capped(stream, limit, meta.name), meta.name, settings)
    elif kind == "urls":
        yield from _iter_url_list(_read_capped(stream, limit, meta.name), meta, settings)
    else:
        data = _read_capped(stream, limit, meta.name)
        yield _document(data, meta, kind, settings)


def _sniff(stream: BinaryIO, name: str) -> tuple[str | None, BinaryIO]:
    """Container formats by their first bytes; gzip is opened and sniffed inside."""
    head = _read_head(stream, name)
    stream = _prefixed(head, stream)
    if head.startswith(b"\x1f\x8b"):
        try:  # a look inside without consuming the stream
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF_BYTES)
        except zlib.error as exc:
            raise InputError(name, f"compressed data is corrupt ({exc})") from None
        if inner.startswith(b"WARC/"):
            return "warc", stream  # warcio reads gzip itself, a record per member
        kind, _ = _sniff(io.BytesIO(inner), name)
        return kind, gzip.GzipFile(fileobj=stream)
    if head.startswith(b"WARC/"):
        return "warc", stream
    if head.startswith(_BINARY_MAGIC):
        return "binary", stream
    if _JSON_OBJECT_START.match(head):
        return "jsonl", stream
    return None, stream


def _document(data: bytes, meta: _Meta, kind: str | None, settings: Settings) -> Article:
    """One text or HTML document -> Article (raises InputError)."""
    declared = meta.charset or _declared_charset(data)
    text = decode_bytes(data, meta.name, declared)
    if kind == "html" or _looks_like_html(text, strict=kind == "text"):
        article = _html_article(text, meta, settings)
    else:
        text = _normalise_newlines(text)
        article = Article(id=meta.ident, text=text, title=meta.title or _headline(text),
                          url=meta.url, published=meta.published, origin=meta.origin,
                          outlet=meta.outlet or _host(meta.url))
    return _checked(article, meta.name, settings)


def _checked(article: Article, name: str, settings: Settings) -> Article:
    """The length and language checks every article goes through."""
    opts = settings.ingest
    stripped = len(article.text.strip())
    if stripped == 0:
        raise InputError(name, "empty")
    if stripped < opts["min_chars"]:
        raise InputError(name, f"text is {stripped} characters, under ingest.min_chars "
                               f"({opts['min_chars']})")
    if not opts["detect_language"]:
        return article
    language = detect_language(article.text, opts["language_min_letters"],
                               opts["language_min_confidence"])
    if language is not None and language != "en":
        raise NotEnglish(name, language)
    return replace(article, language=language)


# ---------------------------------------------------------------------------------------------
# JSONL, JSON and WARC


def _iter_jsonl(stream: BinaryIO, name: str, settings: Settings) -> Iterator[Article | Failure]:
    limit = settings.ingest["max_bytes"]
    lineno = 0
    try:
        for lineno, line in enumerate(_capped_lines(stream, limit), 1):
            where = f"{name}:{lineno}"
            if line is None:
                yield Failure(where, f"{where}: line is over the limit of {limit:,} bytes "
                                     "(ingest.max_bytes)")
                continue
            if lineno == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Failure(where, f"{where}: not valid JSON ({exc.msg}, column {exc.colno})")
                continue
            except ValueError:  # bytes that are not UTF-8
                yield Failure(where, f"{where}: not valid JSON (not UTF-8 text)")
                continue
            yield _safe(where, lambda r=record, w=where: _record_article(r, w, settings))
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        where = f"{name}:{lineno + 1}"
        yield Failure(where, f"{where}: compressed data is cut short or corrupt ({exc}); "
                             "stopped reading this file")


def _iter_json(data: bytes, name: str, settings: Settings) -> Iterator[Article | Failure]:
    """A .json file: one article object, or a list of them."""
    try:
        value = json.loads(decode_bytes(data, name))
    except json.JSONDecodeError as exc:
        raise InputError(name, f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if isinstance(value, dict):
        yield _safe(name, lambda: _record_article(value, name, settings))
    elif isinstance(value, list):
        for i, record in enumerate(value):
            where = f"{name}[{i}]"
            yield _safe(where, lambda r=record, w=where: _record_article(r, w, settings))
    else:
        raise InputError(name, "JSON is neither an article object nor a list of them")


def _record_article(record: object, where: str, settings: Settings) -> Article:
    """One JSON object (id, url, title, published, text or html) -> Article."""
    if not isinstance(record, dict):
        raise InputError(where, "not a JSON object")
    ident = record.get("id")
    if ident is None or ident == "":
        ident = where
    elif isinstance(ident, (str, int)) and not isinstance(ident, bool):
        ident = _SURROGATE.sub("\ufffd", str(ident))
    else:
        raise InputError(where, f"id should be a string or a number, not {type(ident).__name__}")
    meta = _Meta(name=where, ident=ident, origin=where, url=_str_field(record, "url"),
                 title=_str_field(record, "title"), published=_iso_date(record.get("published")),
                 outlet=_str_field(record, "outlet"))
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        # Exactly as given (offsets of annotations point into it); a lone surrogate, which no
        # encoder can write, becomes U+FFFD so the length and offsets stay the same.
        text = _SURROGATE.sub("\ufffd", text)
        # A record that has a title field (even null) has said what its title is.
        title = meta.title if "title" in record else _headline(text)
        article = Article(id=ident, text=text, title=title, url=meta.url,
                          published=meta.published, origin=where,
                          outlet=meta.outlet or _host(meta.url))
    elif isinstance(html, str) and html.strip():
        article = _html_article(_SURROGATE.sub("\ufffd", html), meta, settings)
    elif text is None and html is None:
        raise InputError(where, "no text or html field")
    elif not isinstance(text if text is not None else html, str):
        raise InputError(where, "text should be a string")
    else:
        raise InputError(where, "empty")
    return _checked(article, where, settings)


def _iter_warc(stream: BinaryIO, name: str, settings: Settings) -> Iterator[Article | Failure]:
    """Each HTML `response` (or `resource`) record -> Article.

    warcio reads a WARC cut short without complaint (a short last record, or a half gzip member
    dropped), so each record is read to its end and checked against its Content-Length, and the
    bytes after the last whole record must be blank.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.limitreader import LimitReader

    limit = settings.ingest["max_bytes"]
    reader = _TailKeeper(stream)
    records = ArchiveIterator(reader)
    count, end, where = 0, 0, name
    try:
        for record in records:
            count += 1
            where = f"{name}@{records.offset}"
            if record.rec_type is None or record.length is None:
                yield Failure(where, f"{where}: record {count} is cut short or malformed; "
                                     "stopped reading this file")
                return
            result: Article | Failure | None = None
            payload = None
            if _is_html_record(record):
                status = record.http_headers.get_statuscode() if record.http_headers else "200"
                if record.length > limit:
                    result = Failure(where, f"{where}: record is {record.length:,} bytes, over "
                                            f"the limit of {limit:,} (ingest.max_bytes)")
                elif not (status or "").startswith("2"):
                    result = Failure(where, f"{where}: skipped: HTTP status {status}", "skipped")
                else:
                    payload = record.content_stream().read(limit + 1)
            while record.raw_stream.read(1 << 16):  # the rest, to see whether it is all there
                pass
            if isinstance(record.raw_stream, LimitReader) and record.raw_stream.limit > 0:
                yield Failure(where, f"{where}: record {count} is cut short; "
                                     "stopped reading this file")
                return
            end = records.get_record_offset() + records.get_record_length()
            if payload is not None:
                result = _safe(where, lambda r=record, p=payload, w=where:
                               _warc_article(r, p, w, settings))
            if result is not None:
                yield result
    except Exception as exc:  # warcio, zlib and gzip raise many kinds on a broken archive
        yield Failure(where, f"{where}: unreadable after record {count} "
                             f"({type(exc).__name__}: {_one_line(str(exc))[:200]}); "
                             "stopped reading this file")
        return
    rest = reader.after(end)
    if rest is None or rest.strip():
        where = f"{name}@{end}"
        what = f"after record {count}" if count else "before any whole record"
        yield Failure(where, f"{where}: data {what} is cut short or not WARC; "
                             "stopped reading this file")


def _is_html_record(record) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    if record.rec_type == "response":
        content_type = record.http_headers.get_header("Content-Type") if record.http_headers \
            else None
    else:
        content_type = record.content_type
    return bool(content_type) and "html" in content_type.lower()


def _warc_article(record, payload: bytes, where: str, settings: Settings) -> Article:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ")
    content_type = record.http_headers.get_header("Content-Type") if record.http_headers else ""
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    if len(payload) > settings.ingest["max_bytes"]:
        raise InputTooLarge(where, "payload is over the limit of "
                                   f"{settings.ingest['max_bytes']:,} bytes (ingest.max_bytes)")
    # The publication date comes from the page, never from WARC-Date (the crawl time).
    meta = _Meta(name=where, ident=record_id or uri or where, origin=where, url=uri,
                 charset=match.group(1) if match else None)
    return _document(payload, meta, "html", settings)


# ---------------------------------------------------------------------------------------------
# HTML


def _html_article(html: str, meta: _Meta, settings: Settings) -> Article:
    """Main text and metadata by trafilatura; headline first, digit-bearing captions kept."""
    import trafilatura  # imported here: it takes a while, and plain text never needs it

    max_date = settings.ingest["latest_published"] or date.today().isoformat()
    limit = settings.ingest["max_html_elements"]
    if _count_elements(html, limit + 1) > limit:
        raise InputError(meta.name, f"HTML has more than {limit:,} elements "
                                    "(ingest.max_html_elements)")
    try:
        doc = trafilatura.bare_extraction(
            html, url=meta.url, with_metadata=True, include_comments=False,
            include_tables=True, include_images=False,
            # Dates from markup and the URL only: the extensive search falls back on the
            # copyright year ("© 2024" -> 2024-01-01), and a wrong date is worse than none
            # when "on Tuesday" is resolved against it.
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": max_date})
    except Exception as exc:  # lxml and recursion errors on hostile markup
        raise InputError(meta.name, f"HTML could not be parsed ({type(exc).__name__})") from None
    text = (doc.text if doc is not None else None) or ""
    if not text.strip():
        raise InputError(meta.name, "no article text found")
    title = meta.title or (doc.title or "").strip() or None
    if title and not _starts_with(text, title):
        text = f"{title}\n{text}"
    captions = _captions_with_digits(html, text)
    if captions:
        text = text + "\n" + "\n".join(captions)
    url = meta.url or doc.url or None
    return Article(id=meta.ident, text=_normalise_newlines(text), title=title, url=url,
                   published=meta.published or _iso_date(doc.date), origin=meta.origin,
                   outlet=meta.outlet or doc.sitename or _host(url))


def _count_elements(html: str, at_most: int) -> int:
    return sum(1 for _ in islice(_START_TAG.finditer(html), at_most))


def _captions_with_digits(html: str, text: str) -> list[str]:
    """Figure and image captions holding a digit that the main text left out.

    trafilatura drops <figure> with its caption, yet captions often carry the figures
    ("Some 300 homes were flooded"). They are added at the end of the text, in page order.
    """
    if "caption" not in html.lower():
        return []
    try:
        import lxml.html

        tree = lxml.html.document_fromstring(
            html.encode("utf-8", "replace"), parser=lxml.html.HTMLParser(encoding="utf-8"))
        nodes = tree.xpath("//figcaption | //caption | //*[contains(translate(@class, "
                           "'CAPTION', 'caption'), 'caption')]")
    except Exception:  # captions are a bonus; a page lxml cannot parse has none
        return []
    have = _squash(text)
    found: list[str] = []
    for node in nodes:
        if next(node.iterancestors("nav", "header", "footer", "aside"), None) is not None:
            continue  # teasers for other stories, not this one's pictures
        caption = " ".join("".join(node.itertext()).split())
        if (not caption or len(caption) > 500 or not re.search(r"\d", caption)
                or _squash(caption) in have):
            continue
        if any(caption in other or other in caption for other in found):
            continue
        found.append(caption)
    return found


def _starts_with(text: str, title: str) -> bool:
    """Does the text already open with the headline (give or take case and punctuation)?"""
    want = _squash(title)
    if _squash(text[: len(title) + 200]).startswith(want):
        return True
    first = _squash(text.lstrip().split("\n", 1)[0])
    return bool(first) and len(first) >= 0.6 * len(want) and want.startswith(first)


def _looks_like_html(text: str, strict: bool) -> bool:
    """A whole HTML document; unless `strict`, also a fragment that starts with tags."""
    head = text[:4096]
    if _HTML_DOCUMENT.match(head):
        return True
    return not strict and head.lstrip().startswith("<") and len(_HTML_TAG.findall(head)) >= 2


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


# ---------------------------------------------------------------------------------------------
# Language


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, min_letters: int = 60, min_confidence: float = 0.9
                    ) -> str | None:
    """ISO 639-1 code of `text`'s language, or None when there is too little to judge or the
    identifier is unsure (a short headline full of place names is not called Pidgin)."""
    sample = text[:_LANGUAGE_SAMPLE]
    if sum(ch.isalpha() for ch in sample) < min_letters:
        return None
    language, confidence = _identifier().classify(sample)
    return language if confidence >= min_confidence else None


# ---------------------------------------------------------------------------------------------
# Bytes and decoding


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when bytes holding NULs read as plausible text that way.

    ASCII-heavy UTF-16 has a NUL in every other byte; Cyrillic or Greek have few NULs, so the
    test is on the decoded text: nearly all of it in one or two 128-character blocks (Latin and
    Cyrillic, say). Binary data, or UTF-16 read with the wrong byte order, scatters instead.
    """
    sample = data[:4096]
    if b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    best, best_share = None, 0.9  # share of characters in the two commonest blocks
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        chars = [ch for ch in text if not ch.isspace()]
        if not chars or text.count("\ufffd") > len(text) // 100 or _control_share(text) > 0.02:
            continue
        blocks = Counter(ord(ch) >> 7 for ch in chars)
        share = sum(n for _, n in blocks.most_common(2)) / len(chars)
        if share >= best_share:
            best, best_share = encoding, share
    return best


def _decode_8bit(data: bytes, declared: str | None) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a stray byte or two (common in crawls): keep it UTF-8, or the whole
    # page would turn to mojibake under a single-byte guess.
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    good = sum(1 for ch in loose if ord(ch) > 127) - bad
    if good >= 20 and bad * 50 <= good:
        return loose
    from charset_normalizer import from_bytes

    matches = from_bytes(data, preemptive_behaviour=False)
    wanted = _codec_name(declared)
    best = matches.best()
    if best is not None:
        # Short text often reads equally well in several code pages (cp1250, cp1252, cp1257
        # for "Valdeoñate"); among those ties take the declared one, then the commonest.
        ties = [m for m in matches
                if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05]
        for preferred in (wanted, *_COMMON_CODECS):
            for match in ties:
                if preferred and _codec_name(match.encoding) == preferred:
                    return str(match)
        return str(best)
    if wanted:
        try:
            return data.decode(wanted)
        except (UnicodeDecodeError, LookupError):
            pass
    return None


def _codec_name(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if (ch < " " and ch not in _ALLOWED_CONTROLS)
                   or "\x7f" <= ch <= "\x9f")
    return controls / len(sample)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_head(stream: BinaryIO, name: str) -> bytes:
    try:
        return stream.read(_SNIFF_BYTES)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(name, f"compressed data is cut short or corrupt ({exc})") from None


def _read_capped(stream: BinaryIO, limit: int, name: str) -> bytes:
    """At most limit + 1 bytes: one more than allowed is enough to know it is too large."""
    try:
        data = stream.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(name, f"compressed data is cut short or corrupt ({exc})") from None
    if len(data) > limit:
        raise InputTooLarge(name, f"over the limit of {limit:,} bytes (ingest.max_bytes); "
                                  "stopped reading")
    return data


def _capped_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Lines of a stream; None for a line over `limit`, which is skipped without holding it."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield line


class _Prefixed(io.RawIOBase):
    """Bytes already read (to sniff them), then the rest of the stream."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _prefixed(head: bytes, rest: BinaryIO) -> BinaryIO:
    return io.BufferedReader(_Prefixed(head, rest))


class _TailKeeper:
    """A reader that counts bytes and keeps the last few KB, to tell a WARC that ends after a
    whole record from one cut in the middle."""

    KEEP = 65536

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self.count = 0
        self._tail = b""

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.count += len(data)
        self._tail = (self._tail + data)[-self.KEEP:]
        return data

    def tell(self) -> int:
        return self.count

    def after(self, offset: int) -> bytes | None:
        """The bytes read after `offset`, or None when they are no longer kept."""
        while self.read(self.KEEP):  # to the end of the stream
            if self.count - offset > self.KEEP:
                return None
        extra = self.count - offset
        if extra > len(self._tail):
            return None
        return self._tail[len(self._tail) - extra:] if extra else b""


# ---------------------------------------------------------------------------------------------
# Small helpers


def _guarded(name: str, make: Callable[[], Iterator[Article | Failure]]
             ) -> Iterator[Article | Failure]:
    """Run one input's reader; whatever goes wrong becomes one Failure and the batch goes on."""
    try:
        yield from make()
    except InputError as exc:
        yield _failure(exc)
    except Exception as exc:  # a library failing on hostile input must not stop the batch
        yield Failure(name, f"{name}: cannot read ({type(exc).__name__}: "
                            f"{_one_line(str(exc))[:200]})")


def _safe(name: str, make: Callable[[], Article]) -> Article | Failure:
    """One document; its failure becomes a Failure."""
    for item in _guarded(name, lambda: iter([make()])):
        return item
    raise AssertionError("unreachable")


def _failure(exc: InputError) -> Failure:
    kind = "skipped" if isinstance(exc, NotEnglish) else "error"
    return Failure(exc.source, _one_line(str(exc)), kind)


def _stat(path: Path, name: str) -> os.stat_result:
    try:
        return path.stat()
    except FileNotFoundError:
        raise InputError(name, "no such file or directory") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None


def _check_size(size: int, limit: int, name: str) -> None:
    if size > limit:
        raise InputTooLarge(name, f"file is {size:,} bytes, over the limit of {limit:,} "
                                  "(ingest.max_bytes)")


def _kind_from_name(filename: str) -> tuple[str | None, bool]:
    """The format a file name announces ("a.jsonl.gz" -> ("jsonl", True)), or None to sniff."""
    low = filename.lower()
    compressed = low.endswith(".gz")
    if compressed:
        low = low[:-3]
    # longest first, so that ".url.txt" wins over ".txt"
    for extension in sorted(_EXTENSIONS, key=len, reverse=True):
        if low.endswith(extension):
            return _EXTENSIONS[extension], compressed
    return None, compressed


def _kind_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    mime = content_type.split(";")[0].strip().lower()
    if "html" in mime:
        return "html"
    if mime in ("text/plain", "text/markdown"):
        return "text"
    if mime.startswith("text/") or "json" in mime or mime in ("application/octet-stream",
                                                               "application/warc"):
        return None  # sniffed
    return "binary"


def _headline(text: str) -> str | None:
    """The first line, when it reads as a headline: short, no final period, text after it."""
    lines = text.lstrip().split("\n", 1)
    if len(lines) < 2 or not lines[1].strip():
        return None
    first = lines[0].strip()
    if not first or len(first) > 160 or len(first.split()) > 25:
        return None
    if first.rstrip("\"'”’)»").endswith((".", ",", ";", ":")) or not any(
            ch.isalpha() for ch in first):
        return None
    if first.rsplit(None, 1)[-1] in _RUN_ON_WORDS:  # a sentence wrapped onto the next line
        return None
    return first


def _iso_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value)
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _str_field(record: dict, key: str) -> str | None:
    value = record.get(key)
    if not isinstance(value, str):
        return None
    return _SURROGATE.sub("\ufffd", value).strip() or None


def _squash(text: str) -> str:
    """Lower case, letters and digits only, single spaces: for 'is this already in the text'."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _display(name: str) -> str:
    """A name fit for a one-line message and for storing: no line breaks, no lone surrogates
    (a file name that is not valid UTF-8)."""
    name = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(ch if unicodedata.category(ch)[0] != "C" else repr(ch)[1:-1] for ch in name)
