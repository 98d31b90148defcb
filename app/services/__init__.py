"""Services: what the window and the CLI call. Plain Python, no Qt."""
