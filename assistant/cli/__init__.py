"""The `assistant` console script: thin commands, one module per command group."""
