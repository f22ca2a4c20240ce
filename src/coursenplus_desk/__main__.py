"""`python -m coursenplus_desk` behaves like the `coursenplus-desk` command."""

import sys

from coursenplus_desk.cli import main

sys.exit(main())
