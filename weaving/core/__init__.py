"""Small things every package shares: the vocabulary and graph convention (``schema``),
errors that carry a catalogue key (``errors``), roles and password hashing (``access``),
the normal form and comparison key of names (``names``).

``weaving.core`` imports nothing from weaving except ``weaving.i18n`` (lazily, to render
an error), so every other package may import it.
"""
