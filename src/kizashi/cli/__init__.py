"""The command line: ``core`` (run, export, report, search, stats) and ``desk`` (serve, alerts,
watch, watchlist) and ``lists`` (screening). Only this package prints."""

from kizashi.cli import desk, lists
from kizashi.cli.core import app, main

desk.register(app)
lists.register(app)

__all__ = ["app", "main"]
