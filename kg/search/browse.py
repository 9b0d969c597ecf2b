"""Browsing the resolutions of a build: by body, then by session or year, then the list.

Read from the index's table of resolutions (kg.search.index), so a list of thousands is one
indexed query and pages of it are cheap. A resolution printed without a title is listed with the
first words of its first paragraph (marked as such), never as a blank.
"""

from __future__ import annotations

from typing import Any

from kg.search.query import Index, QueryError

PAGE_SIZE = 100
OPENING_WORDS = 14


def opening(text: str | None) -> str:
    """The first words of a paragraph, to stand for a missing title.

    >>> opening("Reaffirming the purposes and principles of the Charter of the United Nations,")
    'Reaffirming the purposes and principles of the Charter of the United Nations,'
    """
    words = (text or "").split()
    return " ".join(words[:OPENING_WORDS]) + (" …" if len(words) > OPENING_WORDS else "")


def bodies(index: Index) -> list[dict[str, Any]]:
    """Every body with its resolutions, paragraphs, sessions and years (newest first)."""
    conn = index.connection()
    found: dict[int, dict[str, Any]] = {}
    for body, count, paragraphs in conn.db.execute(
            "SELECT body, count(*), sum(paragraphs) FROM resolutions WHERE body IS NOT NULL "
            "GROUP BY 1"):
        found[body] = {"body": conn.values[body][1], "resolutions": count,
                       "paragraphs": paragraphs, "sessions": [], "years": []}
    for column in ("session", "year"):
        for body, code, count in conn.db.execute(
                f"SELECT body, {column}, count(*) FROM resolutions WHERE body IS NOT NULL "
                f"AND {column} IS NOT NULL GROUP BY 1, 2"):
            found[body][column + "s"].append({"value": conn.values[code][1], "count": count})
    for entry in found.values():
        for key in ("sessions", "years"):
            entry[key].sort(key=lambda v: -int(v["value"]) if v["value"].isdigit() else 1)
    return sorted(found.values(), key=lambda b: -b["resolutions"])


def resolutions(index: Index, body: str, *, session: str | None = None, year: str | None = None,
                page: int = 1) -> dict[str, Any]:
    """The resolutions of `body` (in one session or year), newest first, a page of them."""
    conn = index.connection()
    where, args = ["body = ?"], [conn.code("body", body)]
    for name, value in (("session", session), ("year", year)):
        if value:
            where.append(f"{name} = ?")
            args.append(conn.code(name, value))
    clause = " AND ".join(where)
    total = conn.db.execute(f"SELECT count(*) FROM resolutions WHERE {clause}",
                            args).fetchone()[0]
    pages = max(1, -(-total // PAGE_SIZE))
    if not 1 <= page <= pages:
        raise QueryError(f"page is between 1 and {pages}")
    rows = conn.db.execute(
        "SELECT resolution, symbol, date, title, opening, paragraphs, document FROM resolutions "
        f"WHERE {clause} ORDER BY date DESC, symbol LIMIT ? OFFSET ?",
        [*args, PAGE_SIZE, (page - 1) * PAGE_SIZE]).fetchall()
    return {"body": body, "session": session, "year": year, "total": total, "page": page,
            "pages": pages,
            "resolutions": [{"resolution": r, "symbol": s or r, "date": d or "",
                             "title": t or opening(o), "printed_title": bool(t),
                             "paragraphs": n, "draft": conn.values.get(k, ("", ""))[1] == "draft"}
                            for r, s, d, t, o, n, k in rows]}
