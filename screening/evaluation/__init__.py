"""Match-quality benchmark: how many listed parties a system misses, at how many false alerts.

Listed names from the official lists (`corpus`), positives from a seeded
generator with one function per variation class (`variations`), population and
hard negatives (`negatives`), any scorer behind a small interface (`systems`,
with `screening` itself in `adapter` and the peers in `peers`), figures in
`metrics`, markdown and plots in `report`, orchestration in `run`.

Run ``python -m screening.evaluation --quick`` (or ``screening bench quality``).
"""

from __future__ import annotations

from screening.evaluation.corpus import ListedEntry
from screening.evaluation.systems import Searcher, System, SystemUnavailable

__all__ = ["ListedEntry", "Searcher", "System", "SystemUnavailable"]
