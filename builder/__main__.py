"""``python -m builder``: the command line (see ``cli.py``)."""

import sys

try:
    from .cli import main
except ModuleNotFoundError as exc:  # run outside the project's environment
    sys.stderr.write(f"ERROR: the builder needs '{exc.name}', which this Python lacks. From the project root, run\n"
                     "    python3 -m pip install -e .\n"
                     "(or use the README's `nox -s build`, which installs everything itself).\n")
    raise SystemExit(1) from None

raise SystemExit(main())
