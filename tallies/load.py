"""`tallies ingest`: inputs into the store, resumable, then events rebuilt.

Everything `extract` reads comes through ingest.iter_articles; a directory written by
`tallies extract --engine dask` is read back from its Parquet files without extracting again.

Each article is checked against the store before it is extracted (store.py's upsert rules), so
a rerun over the same inputs extracts nothing and stores nothing; then it is extracted, its
near-duplicates looked up (dedup.py), annotated (analyse.annotate) and stored with its claims
in one transaction. A run killed at any moment leaves whole articles only, and the next run
goes on from the first article not stored. Events and reconciliations are rebuilt at the end
when anything changed (analyse.rebuild).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from .analyse import ANNOTATION_VERSION, annotate, needs_rebuild, reannotate, rebuild
from .dedup import DuplicateIndex, Signature
from .ingest import iter_articles
from .parquet_input import is_partition_file, is_run_directory, iter_run
from .places import Gazetteer
from .records import Article, Claim, Failure, LoadSummary
from .runner import extract_stream, with_default_date
from .settings import Settings
from .store import Store


def content_hash(article: Article) -> str:
    return hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class _Counts:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: int = 0
    not_used: int = 0
    claims: int = 0
    events: int = 0

    def summary(self) -> LoadSummary:
        return LoadSummary(**vars(self))


class _Loader:
    def __init__(self, store: Store, settings: Settings, progress, on_failure):
        self.store = store
        self.settings = settings
        self.progress = progress or (lambda summary: None)
        self.on_failure = on_failure or (lambda failure: None)
        self.counts = _Counts()
        self.gazetteer = Gazetteer.load(settings.reconcile["gazetteer"] or None)
        self.index = _duplicate_index(store, settings)
        self.plans: dict[str, tuple[str, str]] = {}  # article id -> (add | replace, hash)
        self.seen_content: set[tuple[str, str | None]] = set()  # (hash, origin) this run

    # -- what to do with an article ------------------------------------------------------------

    def plan(self, article: Article) -> Article | None:
        """The article to store (its id made unique when another input holds it), or None
        when the store already has it."""
        digest = content_hash(article)
        for _ in range(2):
            planned = self.plans.get(article.id)
            stored = self.store.find_article(article.id)
            if planned or stored:
                same = planned[1] if planned else stored.content_hash
                origin = None if planned else stored.origin
                if same == digest:
                    return None  # already stored (or about to be) with this text
                if planned is None and origin == article.origin:
                    self.plans[article.id] = ("replace", digest)
                    return article  # changed at its input: replaces the old version
                # the same id from another input: another article
                article = replace(article, id=f"{article.id}#{digest[:12]}")
                continue
            if (digest, article.origin) in self.seen_content or any(
                    a.origin == article.origin or (a.url and a.url == article.url)
                    for a in self.store.find_content(digest)):
                return None  # the same document reached by another path
            self.plans[article.id] = ("add", digest)
            self.seen_content.add((digest, article.origin))
            return article
        return None

    # -- storing ---------------------------------------------------------------------------------

    def failure(self, failure: Failure) -> None:
        self.store.record_failure(failure)
        if failure.kind == "error":
            self.counts.failed += 1
        else:
            self.counts.not_used += 1
        self.on_failure(failure)
        self.progress(self.counts.summary())

    def store_article(self, article: Article, claims: list[Claim]) -> None:
        how, digest = self.plans.pop(article.id, ("add", content_hash(article)))
        signature = self.index.signature(article.text)
        match = self.index.match(signature)
        group = match.group if match else article.id
        done = annotate(article, claims, self.gazetteer)
        n = self.store.put_article(
            article, claims, done.contexts, content_hash=digest, dup_group=group,
            similarity=max(match.jaccard, match.containment) if match else None,
            signature=signature.to_bytes(), shingles=signature.shingles,
            permutations=self.index.permutations, shingle_words=self.index.shingle_words,
            place=done.place, places=done.places, analysis_version=ANNOTATION_VERSION,
            replace=how == "replace")
        self.index.add(article.id, group, signature)
        if how == "replace":
            self.counts.updated += 1
        else:
            self.counts.added += 1
        self.counts.duplicates += match is not None
        self.counts.claims += n
        self.progress(self.counts.summary())

    def skipped(self) -> None:
        self.counts.skipped += 1
        self.progress(self.counts.summary())

    # -- the inputs ------------------------------------------------------------------------------

    def run(self, inputs: list[str], published: str | None, processes: int) -> None:
        for group, kind in _groups(inputs):
            if kind == "parquet":
                for path in group:
                    self._run_parquet(path)
            else:
                self._run_articles(group, published, processes)

    def _run_parquet(self, path: str) -> None:
        for item in iter_run(path):
            if isinstance(item, Failure):
                self.failure(item)
                continue
            article, claims = item
            planned = self.plan(article)
            if planned is None:
                self.skipped()
                continue
            if planned.id != article.id:
                claims = [replace(c, doc=planned.id) for c in claims]
            self.store_article(planned, claims)

    def _run_articles(self, inputs: list[str], published: str | None, processes: int) -> None:
        self.run_items(with_default_date(iter_articles(inputs, self.settings), published),
                       processes)

    def run_items(self, items: Iterable[Article | Failure], processes: int) -> None:
        def planned() -> Iterator[Article | Failure]:
            for item in items:
                if isinstance(item, Failure):
                    yield item
                    continue
                article = self.plan(item)
                if article is None:
                    self.skipped()
                else:
                    yield article

        for result in extract_stream(planned(), self.settings, processes):
            if isinstance(result, Failure):
                self.failure(result)
            elif result.failure is not None:
                self.plans.pop(result.article.id, None)
                self.failure(result.failure)
            else:
                self.store_article(result.article, list(result.claims))


def _groups(inputs: Iterable[str]) -> Iterator[tuple[list[str], str]]:
    """Consecutive inputs of one kind: Dask run directories apart from everything else, so
    that the spaCy pipeline is loaded once for all the others."""
    group: list[str] = []
    kind = None
    for item in inputs:
        k = "parquet" if (is_run_directory(item) or is_partition_file(item)) else "articles"
        if group and k != kind:
            yield group, kind
            group = []
        group.append(item)
        kind = k
    if group:
        yield group, kind


def _duplicate_index(store: Store, settings: Settings) -> DuplicateIndex:
    """The near-duplicate index of the articles already stored (re-signed when the shingle
    or permutation settings changed since they were stored)."""
    index = DuplicateIndex.from_settings(settings)
    stale = []
    for row in store.signatures():
        if row["permutations"] != index.permutations or \
                row["shingle_words"] != index.shingle_words:
            stale.append((row["article_id"], row["dup_group"]))
            continue
        index.add(row["article_id"], row["dup_group"],
                  Signature.from_bytes(row["signature"], row["shingles"]))
    if stale:
        groups = dict(stale)
        fresh = []
        for article_id, text in store.article_texts(groups):
            sig = index.signature(text)
            index.add(article_id, groups[article_id], sig)
            fresh.append((article_id, sig.shingles, index.permutations, index.shingle_words,
                          sig.to_bytes()))
        store.replace_signatures(fresh)
    return index


def ingest(inputs: Iterable[str], db: str | None = None, settings: Settings | None = None, *,
           published: str | None = None, processes: int | None = None,
           progress: Callable[[LoadSummary], None] | None = None,
           on_failure: Callable[[Failure], None] | None = None,
           items: Iterable[Article | Failure] = ()) -> LoadSummary:
    """Read, extract and store `inputs` (then `items`, articles already read) in the store at
    `db` (the settings' store.path when None), then rebuild events and reconciliations.
    Returns what was done; raises StoreError when the store cannot be written (what was stored
    stays, and a rerun goes on from there)."""
    settings = settings or Settings.load()
    processes = processes or int(settings.extract["processes"])
    with Store.open(db, settings) as store:
        loader = _Loader(store, settings, progress, on_failure)
        reannotate(store, loader.gazetteer)
        loader.run(list(inputs), published, processes)
        loader.run_items(with_default_date(items, published), processes)
        counts = loader.counts
        if needs_rebuild(store, settings):
            counts.events = rebuild(store, settings, loader.gazetteer)
        else:
            counts.events = store.counts()["events"]
        return counts.summary()
