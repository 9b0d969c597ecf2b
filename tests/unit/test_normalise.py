from kg.normalise import drop_markdown, join, normalise, straighten


def test_markdown_emphasis_and_links_are_dropped():
    assert drop_markdown("1. *Calls upon* all States") == "1. Calls upon all States"
    assert drop_markdown("[HOME](#) | [SITE MAP](#)") == "HOME | SITE MAP"
    assert drop_markdown("*88th plenary meeting") == "88th plenary meeting"
    assert drop_markdown("19 December 2001*") == "19 December 2001"


def test_quotes_and_spaces_are_straightened():
    assert straighten("\u201cHuman rights questions\u201d\u00a0x") == '"Human rights questions" x'


def test_lines_keep_their_source_numbers():
    lines = normalise("  a  b \n\n c\fd\ne")
    assert [(x.number, x.text) for x in lines] == [(1, "a b"), (2, ""), (3, "c"), (3, "d"),
                                                   (4, "e")]
    assert [x.page_start for x in lines] == [False, False, False, True, False]


def test_join_keeps_real_hyphens_at_line_ends():
    assert join(["of the Secretary-", "General on"]) == "of the Secretary-General on"
    assert join(["activities of some", "non-State actors"]) == "activities of some non-State actors"
    assert join(["a dash -", "b"]) == "a dash - b"
