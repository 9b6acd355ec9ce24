"""``python -m testCases grade NOTEBOOK... [--timeout S] [--jobs N] [--csv F] [--json F] [--report F]``
(see ``python -m testCases grade --help`` and docs/grading.md)."""
import sys

from .grader.cli import main

sys.exit(main())
