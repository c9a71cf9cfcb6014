"""`python -m tui` runs the `readouts-tui` command."""

import sys

from tui.cli import main

sys.exit(main())
