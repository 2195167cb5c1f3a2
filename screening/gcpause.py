"""Pausing Python's cyclic garbage collector while a large structure is built.

Building an index allocates millions of small objects (tokens, units, key
sets) and keeps nearly all of them. Each allocation burst triggers the cyclic
collector, which re-traverses everything built so far: a third of the build
time over every list in ../shared/lists, for no garbage found. The index makes
no reference cycles worth collecting, so the collector is paused for the
build and restored afterwards. Reference counting still frees every
temporary object as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector inside the block if it was enabled; restore it after.

    Process-wide, like the collector itself: another thread allocating in the
    meantime is not collected either, which costs at most the memory of its
    cycles until the block ends. Nested or concurrent blocks leave the
    collector enabled when the first one that disabled it ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
