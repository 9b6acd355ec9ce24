"""``python -m testCases grade NOTEBOOK... [--timeout S] [--jobs N] [--csv F] [--json F] [--report F]``."""
import sys

from .grading import main

sys.exit(main())
