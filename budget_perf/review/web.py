"""The review app as a WSGI application: routes, and the safety every request goes through.

- Every text from a document is untrusted: templates escape it (Jinja2 autoescape), scripts set
  only `textContent`, and a Content-Security-Policy allows scripts, styles and images from the app
  alone (no inline script runs, whatever a cell holds).
- Documents are addressed by sha256, page images by number; no path is ever taken from a request.
- The Host header must name the address the app listens on (a page of another site cannot reach
  it through DNS rebinding); POSTs must carry the page's CSRF token in `X-CSRF-Token`, as JSON, from
  the app's own origin.
- With a token (required to listen on anything but loopback) every request carries it: once as
  `?token=` (then kept in an HttpOnly, SameSite=Strict cookie), or as `Authorization: Bearer`."""

from __future__ import annotations

import hmac
import json
import re
import secrets
import sys
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from http import HTTPStatus
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from budget_perf.errors import one_line
from budget_perf.qa.names import SEVERITY_NAMES
from budget_perf.review import actions, views
from budget_perf.review.batch import Batch, NotFound
from budget_perf.review.pages import Pages

COOKIE = "budget_perf_review"
LARGEST_BODY = 64 * 1024  # bytes: a correction is a few hundred
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")  # fmt: skip
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
_DOC = re.compile(r"/doc/([0-9a-f]{64})(/next|/page/([0-9]{1,5}))?")

Response = tuple[int, list[tuple[str, str]], bytes]


class HTTPError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@lru_cache(maxsize=1)
def _templates():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("budget_perf.review", "templates"),
        autoescape=select_autoescape(["j2", "html"], default=True),
    )
    env.globals.update(severity_names=SEVERITY_NAMES, status_names=views.STATUS_NAMES, number_text=views.number_text)
    return env


@cache
def _static(name: str) -> bytes:
    return resources.files("budget_perf.review").joinpath("static", name).read_bytes()


class App:
    def __init__(
        self,
        outdir: Path,
        *,
        hosts: Iterable[str],
        token: str | None = None,
        reviewer: str = "",
        qa_config: dict | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.batch = Batch(outdir, qa_config)
        self.pages = Pages(outdir)
        self.hosts = {h.lower() for h in hosts}  # empty: any (a token guards the app)
        self.token = token
        self.csrf = secrets.token_urlsafe(32)
        self.reviewer = reviewer
        self.log = log or (lambda line: print(line, file=sys.stderr))

    # ---- WSGI ---------------------------------------------------------------------------

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        try:
            status, headers, body = self.respond(environ)
        except HTTPError as e:
            status, headers, body = self._error(environ, e.status, str(e))
        except Exception as e:  # a bug: one line on the console, a plain 500 to the browser
            self.log(f"error: internal error ({type(e).__name__}: {one_line(e)[:300]}); please report it")
            status, headers, body = self._error(environ, 500, "内部错误")
        headers = [*headers, *self._safety()]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [body] if environ.get("REQUEST_METHOD") != "HEAD" else [b""]

    @staticmethod
    def _safety() -> list[tuple[str, str]]:
        return [("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY"),
                ("Cross-Origin-Resource-Policy", "same-origin")]  # fmt: skip

    def _error(self, environ: dict, status: int, message: str) -> Response:
        if environ.get("PATH_INFO", "").startswith("/api/"):
            return _json(status, {"error": message})
        return status, [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")], \
            message.encode()  # fmt: skip

    def respond(self, environ: dict) -> Response:
        self._check_host(environ)
        redirect = self._check_token(environ)
        if redirect is not None:
            return redirect
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/")
        if method == "POST":
            return self._post(environ, path)
        if method not in ("GET", "HEAD"):
            raise HTTPError(405, "method not allowed")
        return self._get(environ, path)

    # ---- safety -----------------------------------------------------------------------------

    def _check_host(self, environ: dict) -> None:
        host = (environ.get("HTTP_HOST") or "").lower()
        if self.hosts and host not in self.hosts:
            raise HTTPError(403, "this app answers only on the address it was started on")

    def _check_token(self, environ: dict) -> Response | None:
        if self.token is None:
            return None
        query = parse_qs(environ.get("QUERY_STRING", ""))
        given = (query.get("token") or [""])[0]
        if given:
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                raise HTTPError(401, "wrong token")
            cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
            return 303, [("Location", environ.get("PATH_INFO", "/")), ("Set-Cookie", cookie),
                         ("Cache-Control", "no-store")], b""  # fmt: skip
        auth = environ.get("HTTP_AUTHORIZATION", "")
        offered = auth[7:] if auth.startswith("Bearer ") else _cookie(environ.get("HTTP_COOKIE", ""), COOKIE)
        if not offered or not hmac.compare_digest(offered.encode(), self.token.encode()):
            raise HTTPError(401, "this review app needs its token: open the address it printed when it started")
        return None

    def _check_post(self, environ: dict) -> dict:
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and urlsplit(origin).netloc.lower() != (environ.get("HTTP_HOST") or "").lower():
            raise HTTPError(403, "a request from another site")
        if not hmac.compare_digest((environ.get("HTTP_X_CSRF_TOKEN") or "").encode(), self.csrf.encode()):
            raise HTTPError(403, "页面已过期（CSRF 令牌不符），请刷新页面")
        if not (environ.get("CONTENT_TYPE") or "").startswith("application/json"):
            raise HTTPError(415, "expected JSON")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HTTPError(400, "bad Content-Length") from None
        if not 0 < length <= LARGEST_BODY:
            raise HTTPError(413, "request too large")
        try:
            body = json.loads(environ["wsgi.input"].read(length))
        except (ValueError, UnicodeDecodeError):
            raise HTTPError(400, "bad JSON") from None
        if not isinstance(body, dict):
            raise HTTPError(400, "bad JSON")
        return body

    # ---- routes -----------------------------------------------------------------------------

    def _get(self, environ: dict, path: str) -> Response:
        if path == "/":
            context = views.queue(self.batch.queue(), self.batch.unreadable())
            return self._page("queue.html.j2", title="审核队列", **context)
        if path.startswith("/static/"):
            name = path[len("/static/") :]
            if name not in STATIC:
                raise HTTPError(404, "not found")
            return 200, [("Content-Type", STATIC[name]), ("Cache-Control", "no-cache")], _static(name)
        if path == "/api/parse":
            return self._parse(environ)
        if path == "/favicon.ico":
            return 204, [("Cache-Control", "max-age=86400")], b""
        m = _DOC.fullmatch(path)
        if m is None:
            raise HTTPError(404, "not found")
        sha = m.group(1)
        try:
            if m.group(2) == "/next":
                return self._next(sha)
            if m.group(3) is not None:
                return self._image(sha, int(m.group(3)))
            query = parse_qs(environ.get("QUERY_STRING", ""))
            return self._document(sha, _number(query.get("page")), _number(query.get("table")))
        except NotFound:
            raise HTTPError(404, "no such document in this batch") from None

    def _page(self, template: str, **context: Any) -> Response:
        html = _templates().get_template(template).render(csrf=self.csrf, default_reviewer=self.reviewer, **context)
        return 200, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], html.encode()

    def _document(self, sha: str, page: int | None, table: int | None) -> Response:
        checked = self.batch.checked(sha)
        sizes = self.pages.sizes(checked.entry)
        context = views.document(checked, sizes, page, table)
        return self._page("document.html.j2", title=checked.entry.name, **context)

    def _next(self, sha: str) -> Response:
        order = [e.sha256 for e, _ in self.batch.queue()]
        after = order[order.index(sha) + 1 :] if sha in order else order
        target = f"/doc/{after[0]}" if after else "/"
        return 303, [("Location", target), ("Cache-Control", "no-store")], b""

    def _image(self, sha: str, number: int) -> Response:
        entry = self.batch.entry(sha)
        scanned = bool((self.batch.extraction(entry).get("source") or {}).get("ocr"))
        found = self.pages.image(entry, number, scanned)
        if found is None:
            raise HTTPError(404, "no image of this page")
        path, kind = found
        return 200, [("Content-Type", kind), ("Cache-Control", "private, max-age=86400")], path.read_bytes()

    def _parse(self, environ: dict) -> Response:
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).items()}
        try:
            checked = self.batch.checked(query.get("doc", ""))
        except NotFound:
            raise HTTPError(404, "no such document in this batch") from None
        try:
            return _json(200, actions.preview(checked, query))
        except actions.ActionError as e:
            return _json(e.status, {"error": str(e)})

    def _post(self, environ: dict, path: str) -> Response:
        body = self._check_post(environ)
        act = {"/api/correct": actions.correct, "/api/finding": actions.decide, "/api/verdict": actions.judge}.get(path)
        if act is None:
            raise HTTPError(404, "not found")
        sha = body.get("doc")
        try:
            event = act(self.batch, sha if isinstance(sha, str) else "", body)
        except NotFound:
            raise HTTPError(404, "no such document in this batch") from None
        except actions.ActionError as e:
            return _json(e.status, {"error": str(e), "current": e.current})
        return _json(200, {"ok": True, "event": actions.event_json(event)})


def _json(status: int, data: dict) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode()
    return status, [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")], body


def _number(values: list[str] | None) -> int | None:
    text = (values or [""])[0]
    return int(text) if text.isdecimal() and len(text) < 7 else None


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""
