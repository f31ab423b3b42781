"""Run extraction over a stream of inputs, in this process or in several, keeping input order.

Memory stays bounded: articles are read as they are needed and at most a few chunks per
process are in flight.
"""
from __future__ import annotations

import multiprocessing as mp
from collections import deque
from dataclasses import replace
from typing import Iterable, Iterator

from .records import Article, ExtractResult, Failure
from .settings import Settings

CHUNK = 16  # articles a process takes at a time


def with_default_date(items: Iterable[Article | Failure], published: str | None):
    for item in items:
        if published and isinstance(item, Article) and not item.published:
            item = replace(item, published=published)
        yield item


def extract_stream(items: Iterable[Article | Failure], settings: Settings,
                   processes: int = 1) -> Iterator[ExtractResult | Failure]:
    """ExtractResult for each Article and the Failure itself for each unusable input, in the
    order given."""
    if processes <= 1:
        yield from _serial(items, settings)
    else:
        yield from _parallel(items, settings, processes)


def _serial(items, settings) -> Iterator[ExtractResult | Failure]:
    from .claims import Extractor

    extractor = None
    pending: list[Article] = []

    def flush():
        nonlocal extractor
        if extractor is None:
            extractor = Extractor(settings)
        yield from extractor.extract_many(pending, chunk=len(pending) or 1)
        pending.clear()

    for item in items:
        if isinstance(item, Failure):
            # keep order: what came before is written first
            yield from flush() if pending else ()
            yield item
            continue
        pending.append(item)
        if len(pending) >= 32:
            yield from flush()
    if pending:
        yield from flush()


# -- processes --------------------------------------------------------------------------------

_WORKER = None


def _init(settings_data: dict) -> None:
    global _WORKER
    from .claims import Extractor

    _WORKER = Extractor(Settings(settings_data))


def _work(articles: list[Article]) -> list[ExtractResult]:
    return list(_WORKER.extract_many(articles, chunk=len(articles)))


def _chunks(items, size) -> Iterator[list[Article | Failure]]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(items, settings, processes) -> Iterator[ExtractResult | Failure]:
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(processes, initializer=_init, initargs=(settings.data,)) as pool:
        in_flight: deque = deque()
        for chunk in _chunks(items, CHUNK):
            articles = [x for x in chunk if isinstance(x, Article)]
            failures = [x for x in chunk if isinstance(x, Failure)]
            in_flight.append((pool.apply_async(_work, (articles,)), failures))
            while len(in_flight) > 2 * processes:
                yield from _collect(in_flight.popleft())
        while in_flight:
            yield from _collect(in_flight.popleft())


def _collect(entry) -> Iterator[ExtractResult | Failure]:
    job, failures = entry
    yield from failures
    yield from job.get()
