"""Timeline: reference dates and one unit test per resolution rule."""

from __future__ import annotations

import datetime as dt

import pytest
from analyze_util import art, make_story

from newsweave.analyze.timeline import (
    Ref,
    explicit_dates,
    is_future,
    reference_dates,
    resolve_weekday,
    story_timeline,
)
from newsweave.model import Story

MON, FRI, SAT, SUN = 0, 4, 5, 6


def test_seed_arrival_dated_2023_06_18(seed_story: Story) -> None:
    arts = seed_story.by_id()
    refs = seed_story.meta["reference_dates"]
    assert {r["date"] for r in refs.values()} == {"2023-06-18"}
    arrival = [t for t in seed_story.timeline if t.date == "2023-06-18" and t.precision == "day"
               and any("arriv" in e.text_in(arts) for e in t.event)]
    assert arrival and len(arrival[0].sources) >= 2  # only one source writes the date out
    dates = [t.date for t in seed_story.timeline]
    assert dates == sorted(dates)
    for t in seed_story.timeline:
        assert all(x.text_in(arts) for x in t.expressions) and all(e.text_in(arts) for e in t.event)


def test_weekday_with_day_and_month_ties_down_the_year() -> None:
    (_, _, d), = explicit_dates("arrived in Beijing on Sunday, June 18, to meet", clues=[2018, 2021])
    assert d == dt.date(2023, 6, 18)
    (_, _, d), = explicit_dates("the gates opened on Thursday, February 12", clues=[2026])
    assert d == dt.date(2026, 2, 12)
    (_, _, d), = explicit_dates("on 3 March 2024 the port", clues=[])
    assert d == dt.date(2024, 3, 3)
    assert explicit_dates("a strike that began on March 2", clues=[]) == []  # no year, no reference


@pytest.mark.parametrize(("wd", "mode", "rel", "future", "want"), [
    (SAT, "past", None, False, "2026-03-07"),   # most recent Saturday before Monday 9 March
    (MON, "past", None, False, "2026-03-09"),   # the same day
    (FRI, "past", None, True, "2026-03-13"),    # "will meet on Friday"
    (SUN, "past", "last", False, "2026-03-08"),
    (MON, "past", "next", False, "2026-03-16"),
    (FRI, "near", None, False, "2026-03-06"),   # undated article: up to four days back
    (TUE := 1, "near", None, False, "2026-03-10"),  # else forward
])
def test_weekday_rules(wd: int, mode: str, rel: str | None, future: bool, want: str) -> None:
    ref = Ref(dt.date(2026, 3, 9), mode, "test")
    assert resolve_weekday(wd, ref, rel, future).isoformat() == want


def test_future_detection_ignores_quoted_words() -> None:
    assert is_future("Blinken is expected to meet Xi on ")
    assert is_future("the cranes will start on ")
    assert not is_future("“We will not unload a container,” Voss told reporters on ")
    assert not is_future("Talks collapsed on ")


def _timeline(text: str, published: str | None = "2026-03-10") -> dict[str, str]:
    story = make_story([art(text, "a", published=published)])
    arts = story.by_id()
    return {t.expressions[0].text_in(arts): t.date for t in story_timeline(story)}


def test_month_and_relative_rules() -> None:
    got = _timeline("The dispute goes back to last November. Sensors were ordered in January. "
                    "The cranes enter service later this year. Work starts next year. "
                    "Prices rose earlier this month. The strike may last into April. "
                    "The firm was founded in 2019. Yesterday the union met.")
    assert got["last November"] == "2025-11"
    assert got["in January"] == "2026-01"
    assert got["later this year"] == "2026"
    assert got["next year"] == "2027"
    assert got["earlier this month"] == "2026-03"
    assert got["into April"] == "2026-04"
    assert got["in 2019"] == "2019"
    assert got["Yesterday"] == "2026-03-09"


def test_reference_from_story_anchor_and_no_dates() -> None:
    a = art("The port reopened on Monday, March 9, 2026 after a long strike.", "a")
    b = art("The port reopened on Monday, union officials said.", "b")
    story = make_story([a, b])
    refs = reference_dates(story)
    assert refs[b.id].source == "story" and refs[b.id].date == dt.date(2026, 3, 9)
    tl = story_timeline(story)
    assert [t.date for t in tl] == ["2026-03-09"] and len(tl[0].sources) == 2  # merged across sources
    none = make_story([art("Nothing here carries a date of any kind at all.", "c")])
    assert story_timeline(none) == [] and none.meta["reference_dates"] == {}
