"""The command line: ``core`` (run, export, report, search, stats), ``desk`` (serve, alerts,
watch, watchlist), ``lists`` (screening) and ``browse`` (show, events). Only this package prints."""

from kizashi.cli import browse, desk, lists
from kizashi.cli.core import app, main

desk.register(app)
lists.register(app)
browse.register(app)

__all__ = ["app", "main"]
