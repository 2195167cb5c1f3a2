"""screening: sanctions list screening.

Load the official lists (`load`), then screen names against them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from screening.batch import screen_batch
from screening.config import MatchConfig
from screening.errors import (
    ConfigError,
    InputError,
    ListFormatError,
    ListUpdateError,
    ScreeningError,
    UnknownSourceError,
)
from screening.live import LiveScreener
from screening.loader import load, load_file
from screening.model import Designation, ListSet, ListSnapshot, Source
from screening.screener import Comparison, Match, PreparedQuery, Screener, compare, match

try:
    __version__ = version("screening")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = [
    "Comparison",
    "ConfigError",
    "Designation",
    "InputError",
    "ListFormatError",
    "ListSet",
    "ListSnapshot",
    "ListUpdateError",
    "LiveScreener",
    "Match",
    "MatchConfig",
    "PreparedQuery",
    "Screener",
    "ScreeningError",
    "Source",
    "UnknownSourceError",
    "__version__",
    "compare",
    "load",
    "load_file",
    "match",
    "screen_batch",
]
