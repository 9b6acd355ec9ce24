"""`python -m lr_utils [FOLDER]`: see lr_utils.cli."""
import sys

from .cli import main

sys.exit(main())
