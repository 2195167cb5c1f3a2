"""The one exception tree of `screening`.

::

    ScreeningError                      root: catch this to catch everything we raise
    ├── ListFormatError (ValueError)    a list file is malformed: names file, place, reason
    ├── ListUpdateError                 a fetch failed; the last good snapshot is kept
    ├── UnknownSourceError (KeyError)   a source id that no registry entry names
    ├── ConfigError (ValueError)        an invalid MatchConfig or option value
    └── InputError (ValueError)         a name or customer record that cannot be screened

Messages name the place and, where there is one, the fix.
"""

from __future__ import annotations

from pathlib import Path


class ScreeningError(Exception):
    """Root of every error raised by `screening`."""


class ListFormatError(ScreeningError, ValueError):
    """A list file (or one record in it) does not follow its format.

    Carries the source id, the file path, the location inside it (line number,
    element path or sheet cell) and the record id where known, so an operator
    can open the file at the right place.
    """

    def __init__(
        self,
        reason: str,
        *,
        path: str | Path | None = None,
        location: str | None = None,
        record_id: str | None = None,
        source_id: str | None = None,
    ) -> None:
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.location = location
        self.record_id = record_id
        self.source_id = source_id
        super().__init__(self._format())

    def _format(self) -> str:
        where = [p for p in (self.source_id, self.path, self.location) if p]
        record = f" (record {self.record_id})" if self.record_id else ""
        prefix = ": ".join(where)
        return f"{prefix}{record}: {self.reason}" if prefix else f"{self.reason}{record}"


class ListUpdateError(ScreeningError):
    """Fetching or validating a new snapshot failed; the previous snapshot is kept."""


class UnknownSourceError(ScreeningError, KeyError):
    """A source id that is in no sources registry."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class ConfigError(ScreeningError, ValueError):
    """An invalid configuration value (threshold out of range, unknown preset ...)."""


class InputError(ScreeningError, ValueError):
    """A query name or customer record that cannot be screened (empty, too long, wrong type)."""
