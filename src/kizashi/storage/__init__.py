"""Storage: ``open_store(url)`` gives a ``Store`` over SQLite (default) or PostgreSQL."""

from __future__ import annotations

from kizashi.storage.store import Store, open_store

__all__ = ["Store", "open_store"]
