"""Running numerical code on one thread.

On a shared, loaded machine waiting BLAS / OpenMP worker threads cost more than
they gain at the sizes of a map (measured: a 2-thread predict of the 10k-actor
candidates took 0.6 s more CPU under load), so fitting, scoring and the dense
products run inside ``one_thread()``.
"""
from __future__ import annotations

__all__ = ["one_thread"]

_POOLS: dict = {}


def one_thread():
    """Run BLAS / OpenMP code on one thread (threadpoolctl): on a shared, loaded
    machine waiting worker threads cost more than they gain on these sizes.

    Finding the loaded BLAS / OpenMP libraries reads the process's memory map
    (about 4 ms); the controller is kept until a module is imported (which may
    load another library)."""
    import sys

    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:           # threadpoolctl < 3
        from threadpoolctl import threadpool_limits

        return threadpool_limits(1)
    key = len(sys.modules)
    ctl = _POOLS.get(key)
    if ctl is None:
        _POOLS.clear()
        ctl = _POOLS[key] = ThreadpoolController()
    return ctl.limit(limits=1)
