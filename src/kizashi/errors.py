"""Errors Kizashi raises on purpose. Each names the input it is about."""

from __future__ import annotations


class KizashiError(Exception):
    """Base of every documented error."""


class IngestError(KizashiError):
    """An input could not be read or decoded; the batch goes on without it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class LimitError(KizashiError):
    """A document went past a configured limit (size, time) and was skipped."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class AnalysisError(KizashiError):
    """Analysing one document failed on a defect (a bug, not the input's fault); the batch goes
    on without it and the message asks for a report."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason} (a bug: please report it, see SECURITY.md)")
        self.source = source
        self.reason = reason


class DataFileError(KizashiError):
    """A data file (gazetteer, lexicon) is malformed; the message names the file and the key or entry."""

    def __init__(self, source: str, where: str | None, reason: str) -> None:
        super().__init__(f"{source}: {where}: {reason}" if where else f"{source}: {reason}")
        self.source = source
        self.where = where
        self.reason = reason


class StoreError(KizashiError):
    """The database could not be opened or written. ``lost``: the database itself failed (gone,
    disk full, read-only), so nothing more can be stored this run."""

    def __init__(self, *args: object, lost: bool = False) -> None:
        super().__init__(*args)
        self.lost = lost


class FilterError(KizashiError):
    """A filter value (a date, an event type, a status) that cannot be meant: the CLI exits
    non-zero and the web answers 400, with a message naming the filter and the value."""
