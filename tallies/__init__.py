"""Tallies: every figure in a news article as a claim, with who claims it."""
from .claims import Extractor, extract
from .records import Article, Claim

__all__ = ["Article", "Claim", "Extractor", "extract"]
__version__ = "0.1.0"
