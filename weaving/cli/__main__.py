"""``python -m weaving.cli``: the same as the ``weaving`` command."""
import sys

from weaving.cli.main import main

sys.exit(main())
