"""Command-line commands, one module per command group."""
