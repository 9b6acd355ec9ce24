"""``python -m testCases grade NOTEBOOK [--timeout SECONDS]``: grade a learner's notebook."""
import sys

from .grading import main

sys.exit(main())
