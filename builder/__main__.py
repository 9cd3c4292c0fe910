"""``python -m builder``."""

from .cli import main

raise SystemExit(main())
