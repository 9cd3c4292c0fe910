"""``python -m builder``: the command line (see ``cli.py``)."""

import sys

from .dependencies import missing_dependencies, missing_message

missing = missing_dependencies()
if missing:  # outside the project's environment, or a partial install: one line, not a traceback
    sys.stderr.write(missing_message(missing) + "\n")
    raise SystemExit(1)

try:
    from .cli import main
except ModuleNotFoundError as exc:  # a library of a library (jinja2, …) is missing
    sys.stderr.write(missing_message([exc.name or str(exc)]) + "\n")
    raise SystemExit(1) from None

raise SystemExit(main())
