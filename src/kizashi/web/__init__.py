"""The analyst's desk on the web: ``create_app(settings)`` (FastAPI; needs the ``web`` extra)."""

from __future__ import annotations

from kizashi.web.app import create_app

__all__ = ["create_app"]
