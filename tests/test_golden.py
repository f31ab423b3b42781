"""Whole articles against their golden files (tests/golden): any change in what the extractor
says about a project-written article shows as a diff. Update on purpose with `make golden`."""
import difflib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import golden_update  # noqa: E402

pytestmark = pytest.mark.model
ARTICLES = golden_update.golden_articles()


@pytest.fixture(scope="module")
def results():
    from tallies.claims import Extractor

    return {r.article.id: r for r in Extractor().extract_many(ARTICLES)}


@pytest.mark.parametrize("doc_id", [a.id for a in ARTICLES])
def test_article_matches_its_golden_file(results, doc_id):
    path = golden_update.golden_path(doc_id)
    assert path.is_file(), f"no golden file for {doc_id}: run `make golden`"
    expected = path.read_text(encoding="utf-8")
    got = golden_update.render(results[doc_id].claims)
    if got != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                            "golden", "now", n=0))
        pytest.fail(f"{doc_id} differs from its golden file (run `make golden` if intended):\n"
                    + diff[:4000])
