"""HTTP layer: blueprints, request schemas and limits, errors, headers, logging, OpenAPI, serving
and the app's heavy extensions."""
