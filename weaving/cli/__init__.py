"""The ``weaving`` command line: one module per command group.

``weaving.cli.main`` builds the parser and registers every group from one place
(``GROUPS``); the group modules (``data``, ``admin``, ``analysis``, ``progress``)
import only ``weaving.cli.common``, never the entry point. Heavy libraries are
imported inside the command that needs them, so ``weaving --help`` stays quick.
"""
