"""The Flask app factory: explicit config, one shared search service, security headers and
JSON/HTML error handlers. Nothing happens at import time."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.keyword_index import QueryError
from indexer.search import SearchService
from indexer.store import StoreError

DEFAULTS: dict[str, Any] = {
    "DATA_DIR": "data",
    "SEMANTIC": True,  # load the embedder and vectors (hybrid/semantic modes, ask, compare)
    "MAX_CONTENT_LENGTH": 64 * 1024,  # requests carry queries, not documents
    "ADMIN_TOKEN": None,  # enables /api/v1/admin/* when set (default: $ONRECORD_ADMIN_TOKEN)
    "JSON_SORT_KEYS": False,
}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class ServiceUnavailable(Exception):
    """The store or indexes cannot be opened; the message is one line for the user."""


class ServiceHolder:
    """Opens the search service on first use and shares it; a lock serialises index reads."""

    def __init__(self, data_dir: Path, semantic: bool) -> None:
        self.data_dir = data_dir
        self.semantic = semantic
        self.lock = threading.RLock()
        self._service: SearchService | None = None

    def get(self) -> SearchService:
        """The open service (opening it if needed); call with ``lock`` held."""
        if self._service is None:
            try:
                self._service = SearchService.open(self.data_dir, semantic=self.semantic)
            except (StoreError, OSError, RuntimeError) as exc:
                raise ServiceUnavailable(str(exc).splitlines()[0]) from exc
        if self._service.vectors is not None:
            self._service.vectors.reload_if_changed()
        return self._service

    def close(self) -> None:
        with self.lock:
            if self._service is not None:
                self._service.close()
                self._service = None


@contextmanager
def service() -> Iterator[SearchService]:
    """The app's shared search service, held exclusively for the duration of the block."""
    holder: ServiceHolder = current_app.extensions["onrecord"]
    with holder.lock:
        yield holder.get()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides ``DEFAULTS`` (``DATA_DIR`` is the data folder)."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config["ADMIN_TOKEN"] = os.environ.get("ONRECORD_ADMIN_TOKEN") or None
    app.config.update(config or {})
    app.json.sort_keys = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.extensions["onrecord"] = ServiceHolder(Path(app.config["DATA_DIR"]),
                                               bool(app.config["SEMANTIC"]))

    from webapp.api import api
    from webapp.pages import pages

    app.register_blueprint(api)
    app.register_blueprint(pages)
    if app.config["ADMIN_TOKEN"]:
        from webapp.admin import admin

        app.register_blueprint(admin)
    app.after_request(security_headers)
    app.register_error_handler(QueryError, lambda exc: error_response(400, str(exc)))
    app.register_error_handler(ServiceUnavailable, lambda exc: error_response(503, str(exc)))
    app.register_error_handler(HTTPException, lambda exc: error_response(
        exc.code or 500, exc.description or exc.name))
    app.register_error_handler(Exception, unexpected_error)
    return app


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str) -> Any:
    """An error as ``{"error": {"status", "message"}}`` under /api, else an HTML page."""
    message = " ".join(str(message).split())
    if wants_json():
        return jsonify(error={"status": status, "message": message}), status
    return render_template("error.html", status=status, message=message), status


def unexpected_error(exc: Exception) -> Any:
    """Log the traceback server-side; the client only sees a one-line 500."""
    if isinstance(exc, HTTPException):
        return error_response(exc.code or 500, exc.description or exc.name)
    current_app.logger.exception("unhandled error on %s", request.path)
    return error_response(500, "internal error")


def security_headers(response: Any) -> Any:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response
