"""Order resolutions into series: the same organ coming back to the same question.

A series is named explicitly by a sidecar (`"series": "..."`) or, failing that, by the organ and
the title, which the UN keeps from one session to the next; within a series, resolutions follow
each other by adoption date. "Decides to consider this question at its fifty-eighth session"
announces the next one, and is checked against the order found.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

from kg.lineage.outline import ResolutionOutline

_SPACES = re.compile(r"\W+")


def series_key(r: ResolutionOutline) -> tuple[str, str] | None:
    if r.series:
        return ("series", r.series)
    if r.title and r.body:
        return (r.body, _SPACES.sub(" ", r.title.lower()).strip())
    return None


def successions(resolutions: list[ResolutionOutline]) -> list[tuple[ResolutionOutline,
                                                                    ResolutionOutline]]:
    """(previous, next) pairs of every series, in order."""
    groups: dict[tuple[str, str], list[ResolutionOutline]] = defaultdict(list)
    for r in resolutions:
        key = series_key(r)
        if key is not None and r.adopted:
            groups[key].append(r)
    pairs = []
    for members in groups.values():
        members.sort(key=lambda r: (r.adopted or "", r.symbol or ""))
        # two resolutions of one series adopted the same day (lettered parts, 69/96 A and B)
        # stand side by side: neither revises the other
        pairs.extend((a, b) for a, b in itertools.pairwise(members) if a.adopted != b.adopted)
    return pairs


def announced(previous: ResolutionOutline, following: ResolutionOutline) -> bool | None:
    """Whether `previous` announced the session of `following` (None when either is unknown)."""
    if previous.consider_at is None or following.session is None:
        return None
    return previous.consider_at == following.session


def gap_between(previous: ResolutionOutline, following: ResolutionOutline) -> bool:
    """Whether resolutions of the series are missing between `previous` and `following`:
    `previous` announced that the question comes back at a session before `following`'s. (Not
    how many: the cadence of a series changes, yearly then every other year, and only the
    next session is announced.)

    >>> from dataclasses import replace
    >>> old = ResolutionOutline("o", "A/RES/91/7", "t", "ga", "2036-12-18", 91, 92, None, ())
    >>> gap_between(old, replace(old, session=95)), gap_between(old, replace(old, session=92))
    (True, False)
    """
    if previous.consider_at is None or following.session is None:
        return False
    return previous.consider_at < following.session
