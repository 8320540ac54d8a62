import sys

from weaving.cli import main

sys.exit(main())
