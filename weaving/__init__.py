"""weaving: a network-weaving relationship mapper."""
__version__ = "0.1.0"
