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


def missing_between(previous: ResolutionOutline, following: ResolutionOutline) -> int | None:
    """How many resolutions of the series were adopted between `previous` and `following`
    that the corpus does not hold, as `previous`'s announcement tells: it announced the session
    the question comes back at, and the question returns at that cadence (every session, or
    every other). 0 when the announced session is the following one's; None when either
    session or the announcement is unknown, or when the following one came early.

    >>> from dataclasses import replace
    >>> old = ResolutionOutline("o", "A/RES/91/7", "t", "ga", "2036-12-18", 57, 58, None, ())
    >>> missing_between(old, replace(old, session=74, consider_at=None))
    16
    >>> missing_between(replace(old, consider_at=59), replace(old, session=61))
    1
    """
    if previous.consider_at is None or previous.session is None or following.session is None:
        return None
    cadence = previous.consider_at - previous.session
    if cadence < 1 or following.session < previous.consider_at:
        return None
    return len(range(previous.consider_at, following.session, cadence))
