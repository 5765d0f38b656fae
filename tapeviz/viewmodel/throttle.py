"""Rate limiting for live views: at most one push per interval, and the last state always lands.

Pure logic with an injectable clock, so tests need no sleeping.
"""
import time


class Throttle:
    """Decides when a live view may push: `offer()` is True at most once per `interval` seconds.

    A refused offer leaves the state pending; `due()` says how long until it may be flushed, and
    `flushed()` records that it was. A loop of 200 fast steps thus makes about
    duration / interval pushes, plus one trailing push with the final step.
    """

    def __init__(self, interval=0.25, clock=time.monotonic):
        self.interval, self.clock = float(interval), clock
        self.gap = self.interval      # least seconds between two pushes now (see `spent`)
        self._last = None
        self.pending = False
        self.pushes = 0

    def offer(self):
        now = self.clock()
        if self._last is None or now - self._last >= self.gap:
            self._last = now
            self.pending = False
            self.pushes += 1
            return True
        self.pending = True
        return False

    def due(self):
        """Seconds until a pending state may be pushed (0 if it may be now), None if none pends."""
        if not self.pending:
            return None
        return max(0.0, self.gap - (self.clock() - self._last))

    def spent(self, seconds, budget):
        """A push took `seconds` of work: the next waits until that is at most `budget` (a
        fraction) of the time between two pushes, and never less than `interval`."""
        self.gap = max(self.interval, seconds / budget)

    def flushed(self):
        self._last = self.clock()
        self.pending = False
        self.pushes += 1
