"""The dashboard and JSON API (FastAPI): ``create_app(settings)``, served by ``kizashi serve``.

Article text is untrusted input. Templates autoescape and never mark content safe; every response
carries a Content-Security-Policy without inline scripts or styles; state-changing requests from
other sites are refused; static files come from Starlette's StaticFiles only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from kizashi import __version__
from kizashi.config import Settings
from kizashi.errors import KizashiError
from kizashi.events.taxonomy import load_taxonomy
from kizashi.storage import open_store
from kizashi.web import api, list_downloads, pages, review_api
from kizashi.web.deps import render, template_environment
from kizashi.web.limits import RequestLimits

log = logging.getLogger(__name__)

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # other sites get no referrer
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def _static_dir() -> Path:
    return Path(str(files("kizashi"))) / "web" / "static"


def _cross_site(request: Request) -> bool:
    """A state-changing request sent by another site's page (CSRF against a local server).

    Browsers say where a request comes from in Sec-Fetch-Site; older ones only in Origin."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = request.headers.get("origin")
    if origin is None:
        return False  # not sent by a browser page (curl, scripts, tests)
    return origin != f"{request.url.scheme}://{request.headers.get('host', '')}"


def create_app(
    settings: Settings, *, allowed_hosts: Sequence[str] | None = None, create: bool = True
) -> FastAPI:
    """The app over the store named by ``settings.db``; ``allowed_hosts`` guards against DNS
    rebinding when serving on loopback (``None``: any Host header). ``create=False`` (``kizashi
    serve``): a database that is not there is an error, not a new empty one."""
    app = FastAPI(
        title="Kizashi",
        version=__version__,
        description="Economic-security news intelligence: stories, entities, events, watchlists and alerts.",
        docs_url=None,  # Swagger UI would load scripts from a CDN; the spec itself is served
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = open_store(settings.db, create=create)
    app.state.templates = template_environment()
    app.state.taxonomy = load_taxonomy()  # event types and modes for the watchlist forms
    app.state.db_label = settings.db if "://" not in settings.db else settings.db.split("://")[0] + "://…"

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.method not in SAFE_METHODS and _cross_site(request):
            response: Response = JSONResponse({"detail": "cross-site request refused"}, status_code=403)
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    # outermost: a request too large is refused before any other layer reads it
    app.add_middleware(
        RequestLimits, max_body=settings.web_max_body_bytes, max_query=settings.web_max_query_bytes
    )

    def _wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api/")

    @app.exception_handler(KizashiError)
    async def kizashi_error(request: Request, exc: KizashiError) -> Response:
        if _wants_html(request):
            return render(request, "error.html", 400, status=400, message=str(exc))
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            return render(
                request, "error.html", exc.status_code, status=exc.status_code, message=str(exc.detail)
            )
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        if _wants_html(request):
            message = "; ".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in problems)
            return render(request, "error.html", 422, status=422, message=message)
        return JSONResponse({"detail": problems}, status_code=422)

    app.include_router(api.router)
    app.include_router(list_downloads.router)
    app.include_router(review_api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=_static_dir()), name="static")
    return app
