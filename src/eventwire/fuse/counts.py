"""Casualty count fusion: each source's figure is kept; the incident gets a range.

``low`` is the smallest figure any source gave, ``high`` the largest, ``best`` the
median of the sources' best figures (the lower middle for an even number), so one
outlying report moves neither the best estimate nor erases any other report.
"""
from __future__ import annotations

from typing import Iterable, Optional


def source_figure(counts: Iterable[tuple[Optional[int], Optional[int], Optional[int]]]
                  ) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """One article's figure for an incident it reports in several events: its largest
    best figure, its smallest low and largest high."""
    lows, bests, highs = [], [], []
    for low, best, high in counts:
        if best is not None:
            bests.append(best)
        if low is not None or best is not None:
            lows.append(low if low is not None else best)
        if high is not None or best is not None:
            highs.append(high if high is not None else best)
    return (min(lows) if lows else None, max(bests) if bests else None,
            max(highs) if highs else None)


def fuse_counts(figures: Iterable[tuple[Optional[int], Optional[int], Optional[int]]]
                ) -> dict[str, Optional[int]]:
    """Per-source (low, best, high) → the incident's {"low", "best", "high"}."""
    lows, bests, highs = [], [], []
    for low, best, high in figures:
        if best is not None:
            bests.append(best)
        elif low is not None and high is not None:
            bests.append((low + high) // 2)
        for v in (low, best, high):
            if v is not None:
                lows.append(v)
                highs.append(v)
    if not bests and not lows:
        return {"low": None, "best": None, "high": None}
    bests.sort()
    best = bests[(len(bests) - 1) // 2] if bests else None
    return {"low": min(lows), "best": best, "high": max(highs)}
