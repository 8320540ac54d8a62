"""One setting for every wait in the tests: ``WEAVING_TEST_WAIT_S`` seconds (default 90).

Waits are upper bounds for things that do happen (a page drawing, a server starting),
never a measure of speed: on a loaded machine they simply take longer."""
from __future__ import annotations

import os

WAIT_S = float(os.environ.get("WEAVING_TEST_WAIT_S", "90"))
WAIT_MS = int(WAIT_S * 1000)
