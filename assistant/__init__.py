"""The assistant service: retrieval, answers and the Flask application factory."""
from __future__ import annotations

from flask import Flask

from assistant.config import default_config


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(default_config())
    if test_config:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False

    from assistant.web import (api, chat, errors, extensions, headers, limits, logs, openapi, pages, rules_api,
                               sites, validation)

    if app.config["TRUSTED_PROXIES"]:
        # Client IP and scheme from X-Forwarded-For/-Proto, as set by that many proxies in front.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    logs.init_access_log(app)
    validation.init_body_limit(app)
    limits.init_rate_limits(app)
    headers.init_security_headers(app)
    errors.register_error_handlers(app)
    extensions.init_services(app)
    sites.init_sites(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(chat.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(rules_api.bp)
    app.register_blueprint(pages.bp)
    if app.config["ADMIN_KEY"]:
        from assistant.web import admin

        app.register_blueprint(admin.bp)
    return app
