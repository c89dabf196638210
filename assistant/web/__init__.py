"""HTTP layer: blueprints, pages and the embeddable widget."""
