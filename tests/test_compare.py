"""compare: copies of copies form a tree under their independent source."""

from __future__ import annotations

from newsloom.compare import independent_sources, provenance, unit_key
from newsloom.export import format_value
from newsloom.model import Relation


def test_copies_of_copies_hang_under_their_closest_origin() -> None:
    relations = [
        Relation(1, 2, "verbatim", 0.95),  # a wire copy of 1
        Relation(2, 3, "translation", 0.8),  # a translation of that copy
        Relation(1, 3, "translation", 0.6),  # weaker: 3 hangs under 2, not 1
        Relation(1, 4, "independent", 0.1),
        Relation(4, 4, "update", 0.9),  # an update inside one article is no edge
        Relation(3, 1, "rewrite", 0.5),  # would close a cycle
    ]
    parent = provenance([1, 2, 3, 4], relations)
    assert parent == {1: None, 2: (1, "verbatim"), 3: (2, "translation"), 4: None}
    assert len(set(independent_sources([1, 2, 3, 4], relations).values())) == 2


def test_shares_of_one_thing_meet_under_one_unit_and_read_as_percentages() -> None:
    assert unit_key("share of soldier") == unit_key("share of troops") == "share of troop"
    assert unit_key("share of voter") != unit_key("voter")
    assert format_value(0.5, "share of troop") == "50%"
    assert format_value(175000.0, "troop") == "175,000"
