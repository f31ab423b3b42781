"""Rewrite the golden files: the extractor's claims for whole project-written articles.

    python tests/golden_update.py        (or `make golden`, which also shows the diff)

The golden files pin the whole output, so any change in behaviour shows up as a diff to read
and commit on purpose, not as a silent drift.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
ARTICLES = HERE / "fixtures" / "gold" / "articles.jsonl"


def golden_articles():
    from tallies.records import Article

    rows = [json.loads(line) for line in ARTICLES.open(encoding="utf-8") if line.strip()]
    return [Article(id=r["id"], text=r["text"], title=r.get("title"), url=r.get("url"),
                    published=r.get("published")) for r in rows]


def render(claims) -> str:
    from tallies.output import claim_record

    return "".join(json.dumps(claim_record(c), ensure_ascii=False, sort_keys=True) + "\n"
                   for c in claims)


def golden_path(doc_id: str) -> Path:
    return GOLDEN / (doc_id.replace("/", "_") + ".jsonl")


def main() -> int:
    from tallies.claims import Extractor

    GOLDEN.mkdir(exist_ok=True)
    extractor = Extractor()
    written = 0
    for result in extractor.extract_many(golden_articles()):
        golden_path(result.article.id).write_text(render(result.claims), encoding="utf-8")
        written += 1
    print(f"wrote {written} golden files in {GOLDEN.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
