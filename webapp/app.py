"""The Flask app factory: explicit config, the search services (``webapp.services``), the
blueprints, security headers and JSON/HTML error handlers. Nothing happens at import time."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.querymodel import QueryError
from webapp import services
from webapp.api import api
from webapp.pages import pages
from webapp.services import ServiceUnavailable
from webapp.watches import watch_api, watch_pages

DEFAULTS: dict[str, Any] = {
    "DATA_DIR": "data",
    "SEMANTIC": True,  # load the embedder and vectors (hybrid/semantic modes, ask, compare)
    "MAX_CONTENT_LENGTH": 64 * 1024,  # requests carry queries, not documents
    "ADMIN_TOKEN": None,  # enables /api/v1/admin/* when set (default: $ONRECORD_ADMIN_TOKEN)
    "JSON_SORT_KEYS": False,
}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides ``DEFAULTS`` (``DATA_DIR`` is the data folder)."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config["ADMIN_TOKEN"] = os.environ.get("ONRECORD_ADMIN_TOKEN") or None
    app.config.update(config or {})
    app.json.sort_keys = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    services.init_app(app)
    app.register_blueprint(api)
    app.register_blueprint(pages)
    app.register_blueprint(watch_api)  # watches and lineage: /api/v1/watches, /watches
    app.register_blueprint(watch_pages)
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
