"""HTTP layer: blueprints, request schemas and limits, errors, headers, logging, OpenAPI, serving,
the app's heavy extensions, pages and the widget."""
