"""Progress of a run: a tqdm bar on a terminal, a plain line every so often otherwise.

Non-terminal output (a cron job's log, CI) gets one line per ``interval``
seconds on stderr instead of a redrawn bar, so logs stay readable.
"""

from __future__ import annotations

import sys
import time
from typing import IO

from tqdm import tqdm


class _Bar(tqdm):  # type: ignore[type-arg]
    monitor_interval = 0  # no monitor thread: worker processes are forked while it runs


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


class Progress:
    """Reports rows screened, alerts, errors, rate and ETA."""

    def __init__(
        self,
        total: int | None,
        *,
        initial: int = 0,
        enabled: bool = True,
        stream: IO[str] | None = None,
        interval: float = 30.0,
    ) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = initial
        self.initial = initial
        self.enabled = enabled
        self.interval = interval
        self.started = time.monotonic()
        self.last = self.started
        self.bar: tqdm | None = None  # type: ignore[type-arg]
        if enabled and self.stream.isatty():
            self.bar = _Bar(
                total=total, initial=initial, unit=" rows", file=self.stream, dynamic_ncols=True
            )

    def update(self, rows: int, alerts: int, errors: int) -> None:
        self.done += rows
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.set_postfix(alerts=alerts, errors=errors, refresh=False)
            self.bar.update(rows)
            return
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self.stream.write(self.line(alerts, errors) + "\n")
            self.stream.flush()

    def line(self, alerts: int, errors: int) -> str:
        elapsed = time.monotonic() - self.started
        rate = (self.done - self.initial) / elapsed if elapsed > 0 else 0.0
        text = f"screened {self.done:,}"
        if self.total:
            text += f"/{self.total:,} rows ({100 * self.done / self.total:.1f}%)"
        else:
            text += " rows"
        text += f", {rate:,.0f} rows/s, {alerts:,} alerts, {errors:,} errors"
        if self.total and rate > 0 and self.done < self.total:
            text += f", ETA {_duration((self.total - self.done) / rate)}"
        return text

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
