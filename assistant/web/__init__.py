"""HTTP layer: blueprints, request schemas, errors, OpenAPI and the app's heavy extensions."""
