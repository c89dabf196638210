"""The HTTP side of the assistant: blueprints, request limits, headers, logging and serving."""
