"""``hearth`` with no command: open the desktop window (Qt is imported only then)."""


def open_window() -> int:
    """Run the window until it closes; returns the exit status."""
    from app.ui.main_window import run

    return run()
