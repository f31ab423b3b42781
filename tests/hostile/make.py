"""Hostile inputs for ingest, made at test time (nothing big or binary is committed).

`make(dest)` writes each file into `dest` and returns {file name: a phrase its Failure reason
must hold}. Every one of them must give exactly one Failure and leave the batch going.

    python tests/hostile/make.py /tmp/hostile     # to look at them by hand
"""
from __future__ import annotations

import gzip
import io
import os
import sys
import zipfile
from pathlib import Path

GOOD_TEXT = (
    "Storm surge floods the harbour at Kelmersby\n"
    "At least 23 people were hurt when a storm surge broke over the sea wall at Kelmersby on "
    "Saturday night, the coastguard said. About 140 residents spent the night in a school.\n"
)

# Generated files over this many bytes are sparse (no disk blocks): made in no time.
BIG_SIZES = {"big-50mb.txt": 50 * 2**20, "big-100mb.html": 100 * 2**20}


def make(dest: Path, big: bool = True) -> dict[str, str]:
    """Write the hostile files into `dest`; {file name: phrase its Failure reason holds}."""
    dest.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def write(name: str, data: bytes, reason: str) -> None:
        (dest / name).write_bytes(data)
        expected[name] = reason

    noise = bytes((i * 7919 + 13) % 256 for i in range(4096))  # fixed "random" bytes
    write("empty.txt", b"", "empty")
    write("whitespace.txt", b"  \n\t\r\n   \n", "empty")
    write("bom-only.txt", b"\xef\xbb\xbf\n", "empty")
    write("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise, "binary file")
    write("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n" + noise,
          "binary file")
    write("photo.md", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + noise, "binary file")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", GOOD_TEXT)
    write("bundle.zip", buffer.getvalue(), "binary file")
    write("nul-bytes.txt", b"Ten killed in\x00 blast\x00\x00\x13" + noise, "binary file")
    write("controls.txt", b"Flood\x01\x02\x03\x04 kills\x05\x06\x07\x08 twelve\x0e\x0f\x10" * 40,
          "binary file")
    write("unknown.bin", noise, "binary file")
    write("too-short.txt", b"Nine hurt.", "under ingest.min_chars")
    deep = b"<html><body>" + b"<div>" * 100_000 + b"<p>Forty homes burned.</p>" + \
        b"</div>" * 100_000 + b"</body></html>"
    write("deep.html", deep, "more than 50,000 elements")
    deep = b"<html><body>" + b"<div>" * 40_000 + b"<p>Forty homes burned.</p>" + \
        b"</div>" * 40_000 + b"</body></html>"
    write("deep-40k.html", deep, "no article text found")  # past lxml's depth limit
    write("script-only.html", b"<html><head><script>var killed = 4000; document.write("
          b"'At least 4000 people were killed in the quake, officials said');</script>"
          b"</head><body><script>track(1)</script></body></html>", "no article text found")
    write("tag-soup.html", b"<html><body>" + b"<p>x" * 60_000, "more than 50,000 elements")
    write("cut.txt.gz", gzip.compress(GOOD_TEXT.encode() * 50)[:120], "compressed data")
    write("gzip-bomb.txt.gz", gzip.compress(b"a " * 6_000_000), "over the limit")
    if big:
        for name, size in BIG_SIZES.items():
            with open(dest / name, "wb") as fh:
                fh.truncate(size)
            expected[name] = f"{size:,} bytes"
    if hasattr(os, "mkfifo"):
        os.mkfifo(dest / "pipe.txt")  # opening it for reading would block for ever
        expected["pipe.txt"] = "not a regular file"
    if Path("/dev/zero").exists():
        (dest / "endless.txt").symlink_to("/dev/zero")
        expected["endless.txt"] = "not a regular file"
    (dest / "dangling.txt").symlink_to(dest / "no-such-target.txt")
    expected["dangling.txt"] = "no such file"
    return expected


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-inputs")
    for name, reason in make(target).items():
        print(f"{target / name}: expect {reason!r}")
