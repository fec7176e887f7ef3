"""HTTP GET for ``kizashi watch``: the one place Kizashi opens a connection to another machine.

The network policy (SECURITY.md) is enforced where the socket is opened, so that it holds for the
first request and for every redirect alike, and for the address actually connected to:

- only ``http`` and ``https`` URLs, at the start and at each redirect (at most ``MAX_REDIRECTS``);
- the host name is resolved once and the connection is made to the address checked, so a name
  cannot resolve to a public address for the check and a private one for the connection; every
  address a name resolves to must be public: loopback, private, link-local, shared, multicast,
  reserved and unspecified addresses are refused (an IPv4 address inside IPv6 is checked as IPv4),
  unless the URL's host is one the user named (``allow_hosts``);
- one deadline for the whole fetch (connection, TLS, redirects and body): every read waits at most
  until it, so a server sending a byte at a time cannot hold a round;
- at most ``max_bytes`` of body; no proxy from the environment (it would connect for us, unchecked).

httpx builds the requests and follows the redirect headers; httpcore's network backend is the hook
where the address check and the deadline live (httpx's own transport does not expose it).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Collection, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from kizashi import __version__
from kizashi.errors import KizashiError

USER_AGENT = f"kizashi/{__version__} (+news watch)"
MAX_REDIRECTS = 5
SCHEMES = frozenset({"http", "https"})
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
# what httpcore raises for a failed connection, read or protocol (httpx maps them only in its own transport)
_NETWORK_ERRORS = (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError, OSError)


class FetchError(KizashiError):
    """A URL could not be fetched. ``retry``: the failure may pass (a timeout, a refused
    connection, a 5xx or 429), so the watcher tries again on a later round; otherwise it is final
    (a blocked address, another scheme, a 404, a body over the limit)."""

    def __init__(self, url: str, reason: str, *, retry: bool) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.retry = url, reason, retry


def internal_address(address: str) -> bool:
    """True for an address a feed must not make Kizashi reach: anything not globally routable."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and internal_address(str(embedded)):
            return True
    return not ip.is_global or ip.is_multicast


def allowed_hosts(names: Iterable[str]) -> frozenset[str]:
    """The host names the user allows, as URLs spell them (lower case, IPv6 without brackets)."""
    return frozenset(n.strip().strip("[]").lower() for n in names if n.strip())


class _Deadline:
    def __init__(self, url: str, seconds: float) -> None:
        self.url, self.seconds = url, seconds
        self.at = time.monotonic() + seconds

    def left(self, timeout: float | None) -> float:
        """The time one network operation may wait: its own timeout, cut at the deadline."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise FetchError(self.url, f"took longer than the {self.seconds:g} s deadline", retry=True)
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner, self._deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, self._deadline.left(timeout))
        return _Stream(tls, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves the host, refuses internal addresses (unless the host is allowed) and connects to
    the checked address itself."""

    def __init__(self, deadline: _Deadline, allow: frozenset[str]) -> None:
        self._inner, self._deadline, self._allow = httpcore.SyncBackend(), deadline, allow

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:  # not bounded by the deadline: the resolver has no timeout of its own to cut
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise FetchError(self._deadline.url, f"cannot resolve {host}: {exc}", retry=True) from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if host.lower() not in self._allow:
            for address in addresses:
                if internal_address(address):
                    raise FetchError(
                        self._deadline.url,
                        f"refused: {host} is an internal address ({address}); "
                        "allow it by name with --allow-host or KIZASHI_ALLOW_HOSTS",
                        retry=False,
                    )
        last: Exception = FetchError(self._deadline.url, f"{host} has no address", retry=True)
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address, port, self._deadline.left(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            return _Stream(stream, self._deadline)
        raise last


class _Body(httpx.SyncByteStream):
    def __init__(self, response: httpcore.Response) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        stream: Iterable[bytes] = self._response.stream  # type: ignore[assignment]
        yield from stream

    def close(self) -> None:
        self._response.close()


class _Transport(httpx.BaseTransport):
    """httpx's transport over an httpcore pool with the guarded backend."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=backend, max_connections=2
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        response = self._pool.handle_request(core)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


def fetch(url: str, *, timeout: float, max_bytes: int, allow_hosts: Collection[str] = ()) -> bytes:
    """GET an http(s) URL within ``timeout`` seconds in all, by the policy above; ``FetchError`` else."""
    if urlsplit(url).scheme.lower() not in SCHEMES:
        raise FetchError(url, "only http and https URLs are fetched", retry=False)
    deadline = _Deadline(url, timeout)
    transport = _Transport(_GuardedBackend(deadline, allowed_hosts(allow_hosts)))
    with httpx.Client(
        transport=transport, trust_env=False, timeout=timeout, headers={"User-Agent": USER_AGENT}
    ) as client:
        try:
            return _get(client, url, deadline, max_bytes)
        except httpcore.TimeoutException as exc:  # a read or connect cut at the deadline
            raise FetchError(url, f"took longer than the {timeout:g} s deadline", retry=True) from exc
        except _NETWORK_ERRORS as exc:
            raise FetchError(url, f"cannot fetch: {exc or type(exc).__name__}", retry=True) from exc
        except httpx.HTTPError as exc:  # a bad redirect location, an undecodable body
            raise FetchError(url, f"cannot fetch: {exc}", retry=False) from exc


def _get(client: httpx.Client, url: str, deadline: _Deadline, max_bytes: int) -> bytes:
    request = client.build_request("GET", url)
    for _hop in range(MAX_REDIRECTS + 1):
        response = client.send(request, stream=True, follow_redirects=False)
        try:
            if response.next_request is None:
                return _body(url, response, deadline, max_bytes)
        finally:
            response.close()
        request = response.next_request  # a redirect: checked before it is followed
        if request.url.scheme not in SCHEMES:
            raise FetchError(url, f"redirected to a URL that is not http(s): {request.url}", retry=False)
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects", retry=False)


def _body(url: str, response: httpx.Response, deadline: _Deadline, max_bytes: int) -> bytes:
    if response.status_code >= 400:
        raise FetchError(url, f"HTTP {response.status_code}", retry=response.status_code in _RETRY_STATUS)
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(url, f"larger than {max_bytes} bytes", retry=False)
        deadline.left(None)
    return bytes(body)
