"""HTTP layer: blueprints, request schemas, errors, OpenAPI, the app's heavy extensions, pages and the widget."""
