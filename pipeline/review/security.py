"""Safety of the review server: loopback by default, an access token elsewhere, CSRF tokens, strict headers.

* Binding to anything but a loopback address needs a token (:func:`check_bind`). With a token, every request
  must carry it: header ``X-Review-Token``, ``Authorization: Bearer``, or the ``review_token`` cookie that a
  first visit to ``/?token=T`` sets (the token is then dropped from the address by a redirect).
* On loopback the ``Host`` header must name a loopback host (no DNS-rebinding pages reading the API).
* State-changing requests are POST with an ``X-CSRF-Token`` header equal to the token in the page
  (:func:`csrf_ok`); a custom header also forces a CORS preflight, which this server never grants.
* Every response forbids inline scripts and framing (Content-Security-Policy), so even a missed escape in a
  template could not run a paper's ``<script>``.
"""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlencode

from starlette.datastructures import URL, QueryParams
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline.errors import UsageError

TOKEN_HEADER = "x-review-token"
TOKEN_COOKIE = "review_token"
CSRF_HEADER = "x-csrf-token"
LOOPBACK_NAMES = ("localhost",)
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
     b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach.

    >>> [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.5")]
    [True, True, True, False, False]
    """
    host = host.strip("[]")
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token."""
    if not is_loopback(host) and not token:
        raise UsageError(f"binding to {host} exposes the review server to the network",
                         hint="Pass --token with a long random secret (e.g. `openssl rand -hex 16`), "
                              "or keep the default --host 127.0.0.1.")
    if token is not None and len(token) < 8:
        raise UsageError("the --token is too short", hint="Use at least 8 characters, e.g. `openssl rand -hex 16`.")


def tokens_equal(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def csrf_ok(headers, expected: str) -> bool:
    """The request carries the page's CSRF token in its header."""
    return tokens_equal(headers.get(CSRF_HEADER), expected)


class GuardMiddleware:
    """Host check, access token and security headers for every HTTP request (pure ASGI)."""

    def __init__(self, app: ASGIApp, *, token: str | None, loopback_only: bool):
        self.app = app
        self.token = token
        self.loopback_only = loopback_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.loopback_only:
            host = headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if not is_loopback(name):
                await PlainTextResponse("Host not allowed.", status_code=400)(scope, receive, send_with_headers)
                return
        if self.token is not None:
            url = URL(scope=scope)
            query = QueryParams(scope.get("query_string", b""))
            if tokens_equal(query.get("token"), self.token):
                rest = [(k, v) for k, v in query.multi_items() if k != "token"]
                target = url.path + ("?" + urlencode(rest) if rest else "")
                response = RedirectResponse(target, status_code=303)
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
                await response(scope, receive, send_with_headers)
                return
            auth = headers.get("authorization", "")
            bearer = auth[7:] if auth.lower().startswith("bearer ") else None
            cookie = _cookie(headers.get("cookie", ""), TOKEN_COOKIE)
            if not any(tokens_equal(v, self.token) for v in (headers.get(TOKEN_HEADER), bearer, cookie)):
                await PlainTextResponse("Missing or wrong review token: open the address printed by "
                                        "`review serve` (it ends in ?token=...).",
                                        status_code=401)(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
