"""``hearth`` opens the window; ``hearth <command>`` is the command-line interface."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``hearth`` console script."""
    from app.child import RUN_MODULE_FLAG, run_frozen_child

    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [RUN_MODULE_FLAG]:
        return run_frozen_child(args[1:])
    if args[:1] == ["--selftest"]:
        from app.selftest import main as selftest

        return selftest(args[1:])
    if len(args) == 1 and args[0].lower().endswith(".gguf"):  # opened from a file manager
        args = ["models", "import", args[0]]
    from app.cli import cli  # after the flags above: children need none of the CLI's imports

    try:
        cli.main(args=args, prog_name="hearth", standalone_mode=True)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
