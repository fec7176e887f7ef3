"""The command line: ``core`` (run, export, report, search, stats) and ``desk`` (serve, alerts,
watch, watchlist). Only this package prints."""

from kizashi.cli import desk
from kizashi.cli.core import app, main

desk.register(app)

__all__ = ["app", "main"]
