"""Serve the review app with the standard library (wsgiref, one thread per request): nothing to
install, nothing to build, nothing fetched from the network."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from budget_perf.review.web import App


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per image request would bury what matters


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _hosts(host: str, port: int) -> set[str]:
    """The Host headers the app answers to on loopback; none to check elsewhere (the token guards it)."""
    if not loopback(host):
        return set()
    names = {host, "localhost", "127.0.0.1", "[::1]"} | ({f"[{host}]"} if ":" in host else set())
    return {f"{name}:{port}" for name in names}


def create(
    outdir: Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    reviewer: str = "",
    qa_config: dict | None = None,
) -> tuple[WSGIServer, App, str]:
    """The server (not yet serving), its app and its address. Port 0 takes a free port."""
    cls = _Server6 if ":" in host else _Server
    server = make_server(host, port, lambda env, start: app(env, start), server_class=cls, handler_class=_Quiet)
    port = server.server_address[1]
    app = App(outdir, hosts=_hosts(host, port), token=token, reviewer=reviewer, qa_config=qa_config)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    if token:
        url += f"?token={token}"
    return server, app, url


def serve(server: WSGIServer, app: App) -> None:
    """Serve until Ctrl-C; the queue's QA summaries are computed in the background meanwhile
    (~10 ms a document), while the reviewer opens the browser."""
    import threading

    threading.Thread(target=_warm, args=(app,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _warm(app: App) -> None:
    from contextlib import suppress

    with suppress(Exception):  # the first request for the queue says what is wrong, in one line
        app.batch.queue()
