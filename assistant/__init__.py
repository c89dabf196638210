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

    from assistant.web import api, chat, errors, extensions, openapi, pages, rules_api, sites

    errors.register_error_handlers(app)
    extensions.init_services(app)
    sites.init_sites(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(chat.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(rules_api.bp)
    app.register_blueprint(pages.bp)
    return app
