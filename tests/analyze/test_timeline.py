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
    # a weekday and a day of the month without any year in the story: 2015, 2020 and 2026 all fit
    assert explicit_dates("the gala was moved from Wednesday, March 25 to the autumn", clues=[]) == []
    assert _timeline("The gala set for Wednesday, March 25 is postponed. Mass on Sunday is cancelled.",
                     published=None) == {}
    # a historical year is no year to search around: "Sunday, March 9" is not 1986 for "built in 1987"
    assert explicit_dates("closed the footbridges on Sunday, March 9, and", clues=[1987]) == []
    (_, _, d), = explicit_dates("held on Sunday, January 5, the", clues=[2024])  # a December story
    assert d == dt.date(2025, 1, 5)


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
    got = _timeline("Menthol Cigarettes To Be Banned This Year\n\nThe ban on menthol cigarettes comes into force soon.")
    assert got["This Year"] == "2026"  # a headline's capitals: a year, not this month
    got = _timeline("Veld said on Monday he will miss the Orlen Open after the elbow surgery he underwent in January.")
    assert got["in January"] == "2026-01"  # the past relative clause at the date, not "will miss"
    got = _timeline("Veld said on Monday he will have elbow surgery in April.")
    assert got["in April"] == "2026-04"


def test_the_next_year_is_a_span_not_a_calendar_year() -> None:
    story = make_story([art("The ministry plans to open five embassies over the next year. "
                            "Prices have doubled in the last month. Elections are due next year.",
                            "a", published="2026-03-10")])
    arts = story.by_id()
    got = [(t.event[0].text_in(arts), t.date) for t in story_timeline(story)]
    assert got == [("Elections are due next year.", "2027")]


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


def test_undated_articles_take_the_story_date_only_in_one_news_cycle() -> None:
    dated = art("The port reopened on Monday, March 9, 2026 after a long strike.", "d")
    undated = [art(f"Report {i}: the port reopened on Monday, officials said.", f"u{i}") for i in range(12)]
    few = reference_dates(make_story([dated, *undated[:4]]))
    assert {r.source for r in few.values()} == {"text", "story"} and len(few) == 5
    many = reference_dates(make_story([dated, *undated]))  # one date read from one page, twelve others
    assert list(many) == [dated.id]
    later = art("The port closed again on Friday, April 24, 2026.", "l")
    apart = reference_dates(make_story([dated, later, *undated[:2]]))  # dated pages six weeks apart
    assert set(apart) == {dated.id, later.id}


def test_bare_month_follows_the_tense_of_its_clause() -> None:
    got = _timeline("The leaders are likely to attend a summit in September, and Xi has been invited to visit "
                    "San Francisco in November when the United States hosts the forum. "
                    "He was originally scheduled to visit in February. Talks broke down in May. "
                    "She expects to travel in August. Ministers would meet again in January. "
                    "The visit that would have happened in April was cancelled.", published="2023-06-18")
    assert got["in November"] == "2023-11"   # "has been invited to": forward
    assert got["in September"] == "2023-09"  # "are likely to"
    assert got["in February"] == "2023-02"   # "was scheduled to": a plan in the past
    assert got["in May"] == "2023-05"        # past tense
    assert got["in August"] == "2023-08"     # "expects to"
    assert got["in January"] == "2024-01"    # "would" (not "would have")
    assert got["in April"] == "2023-04"      # "would have": past


def test_month_with_this_last_next_year() -> None:
    got = _timeline("They met in Bali last November. The forum is set for this November. "
                    "Prices peaked in June last year. Talks resume in March next year. "
                    "Exports fell in July of last year.", published="2023-06-18")
    assert got["last November"] == "2022-11"
    assert got["this November"] == "2023-11"
    assert got["in June last year"] == "2022-06"
    assert got["in March next year"] == "2024-03"
    assert got["in July of last year"] == "2022-07"


def test_future_and_past_of_future_cues() -> None:
    assert is_future("and Xi has been invited to visit San Francisco ")
    assert is_future("He expects to meet with the foreign minister ")
    assert is_future("ahead of the upcoming summit ")
    assert not is_future("Blinken was originally scheduled to visit China ")
    assert not is_future("the meeting that would have taken place ")
    assert not is_future("He said he had planned to go ")
    assert not is_future("The attackers may have entered the network ")


def test_sentence_initial_cue_words() -> None:
    got = _timeline("In April, China launched war games. Last Sunday the talks ended. In 2019, it began.",
                    published="2023-06-21")  # a Wednesday
    assert got["In April"] == "2023-04"
    assert got["Last Sunday"] == "2023-06-18"  # the most recent Sunday
    assert got["In 2019"] == "2019"


def test_seed_future_month_resolves_forward(seed_story: Story) -> None:
    arts = seed_story.by_id()
    by_event = {}
    for t in seed_story.timeline:
        for x in t.expressions:
            sent = next(e.text_in(arts) for e in t.event if e.article_id == x.article_id)
            by_event.setdefault(x.text_in(arts), set()).add((t.date, sent))
    invited = {d for d, s in by_event["in November"] if "San Francisco" in s or "invited" in s}
    assert invited == {"2023-11"}
    assert {d for d, _ in by_event["last November"]} == {"2022-11"}
    assert any(d == "2022-11" and "Bali" in s for d, s in by_event["in November"])


def test_would_moves_a_month_forward_but_not_a_weekday() -> None:
    got = _timeline("Officials said on Friday that he would arrive on Sunday. He said he would visit in November.",
                    published="2023-06-19")  # a Monday
    assert got["Sunday"] == "2023-06-18"     # reported future of a past speech: the nearest Sunday back
    assert got["in November"] == "2023-11"
    assert is_future("He said he would visit ") and not is_future("He said he would visit ", would=False)
    got = _timeline("Okonkwo said the union would hold a mass meeting on Thursday.", published="2024-03-12")
    assert got["Thursday"] == "2024-03-14"   # a Tuesday: the nearest Thursday is two days on, not five back


def test_a_weekday_that_opens_a_future_clause_is_ahead() -> None:
    got = _timeline("Friday will be a day of homage to the victims.", published="2015-11-16")  # a Monday
    assert got["Friday"] == "2015-11-20"
    got = _timeline("Friday was a day of mourning.", published="2015-11-16")
    assert got["Friday"] == "2015-11-13"


def test_a_date_does_not_run_across_a_line_break() -> None:
    got = _timeline("Their record in numbers: 4\n\nFebruary 1996 brought the first title.", published="2026-05-15")
    assert "4\n\nFebruary 1996" not in got


def test_a_season_is_no_calendar_year() -> None:
    got = _timeline("Attendances broke through the 13m barrier in 2001-02. The club was founded in 1902.",
                    published="2026-05-15")
    assert "in 2001" not in got and got["in 1902"] == "1902"


def test_reported_plans_and_due_dates_look_forward() -> None:
    got = _timeline("The plant's safety certificate is due for renewal in September. "
                    "Dunmere Water said it expected to lift the notice on Saturday.", published="2026-05-15")  # Friday
    assert got["in September"] == "2026-09"  # not the September before
    assert got["Saturday"] == "2026-05-16"   # the plan's Saturday, not the one before the leak
    got = _timeline("The company said it expected to reopen the plant on Saturday.", published="2026-04-14")
    assert got["Saturday"] == "2026-04-18"   # written on a Tuesday: the coming Saturday
    assert not is_future("The notice had been expected to lift ")


def test_a_day_later_than_compares_and_the_following_morning_dates() -> None:
    story = make_story([art("Fire crews arrived on Tuesday, May 12, 2026. They stayed until the following morning. "
                            "The notice was lifted on Sunday, May 17, 2026, a day later than promised.", "a")])
    arts = story.by_id()
    got = sorted((x.text_in(arts), t.date) for t in story_timeline(story) for x in t.expressions)
    assert ("the following morning", "2026-05-13") in got
    assert not any(x.startswith("a day later") for x, _ in got)  # a comparison, not a second date


def test_until_and_by_follow_a_past_clause() -> None:
    got = _timeline("The plant was closed until March. The union had lost members by February. "
                    "The strike may last into April. The port stays shut until August.", published="2023-06-18")
    assert got["until March"] == "2023-03"
    assert got["by February"] == "2023-02"
    assert got["into April"] == "2024-04"
    assert got["until August"] == "2023-08"


def test_by_a_weekday_after_a_past_perfect_is_that_day_else_a_deadline() -> None:
    got = _timeline("Of the 1,200 people evacuated, about 900 had returned by Sunday evening, the council said.",
                    published="2025-03-17")
    assert got == {"Sunday": "2025-03-16"}
    assert _timeline("The council wants an answer by Friday.", published="2025-03-17") == {}
    assert _timeline("The union must decide by Thursday whether to strike.", published="2025-03-17") == {}


def test_a_weekday_after_its_written_date_and_generic_days_are_no_dates() -> None:
    got = _timeline("The film will open on March 26, Thursday, in 400 cinemas.", published="2020-03-06")
    assert got == {"March 26": "2020-03-26"}  # not a second entry for the Thursday before
    assert _timeline("Her Sunday best and the Sunday school choir were praised.", published="2020-03-06") == {}


def test_named_days_are_not_weekdays() -> None:
    from newsweave.analyze.timeline import Ref, article_dates

    a = art("Shoppers queued for Black Friday deals, the Sunday Times reported, and sales rose on Monday.", "s1",
            published="2019-11-27")
    ref = Ref(dt.date(2019, 11, 27), "past", "metadata")
    got = [(h.expr.text_in({a.id: a}), h.date) for h in article_dates(a, ref, [2019])]
    assert got == [("Monday", "2019-11-25")]


def test_present_copula_before_a_weekday_is_the_coming_one() -> None:
    from newsweave.analyze.timeline import Ref, article_dates

    a = art("Stadia's launch day is Tuesday, the company said. The service was announced on Tuesday.", "s1",
            published="2019-11-18")  # a Monday
    ref = Ref(dt.date(2019, 11, 18), "past", "metadata")
    got = [h.date for h in article_dates(a, ref, [2019])]
    assert got == ["2019-11-19", "2019-11-12"]


def test_an_embedded_tweets_signature_is_no_event() -> None:
    from newsweave.analyze.timeline import story_timeline

    text = ("Governor Kristi Noem launched the campaign on Monday in Sioux Falls.\n"
            "— Robert Maguire (@RobertMaguire_) November 18, 2019\n")
    a = art(text, "s1", published="2019-11-19")
    dates = [t.date for t in story_timeline(make_story([a]))]
    assert dates == ["2019-11-18"]  # Monday; the tweet's date line is no second event


def test_today_meaning_nowadays_is_no_date() -> None:
    from newsweave.analyze.timeline import Ref, article_dates

    a = art("Today, plague infections are rare, but they do happen. Today, the ministry said two more cases "
            "were found. The port remains closed today.", "s1", published="2019-11-18")
    ref = Ref(dt.date(2019, 11, 18), "past", "metadata")
    got = [h.expr.text_in({a.id: a}) for h in article_dates(a, ref, [2019])]
    assert got == ["Today", "today"]  # the ministry's news and the port's status; not "nowadays"


def test_a_publication_date_read_from_the_body_may_precede_the_writing() -> None:
    text = ("Traffic officials spoke of their plans on Wednesday, after the city got through Dec. 31, 2019 "
            "with no deaths on the roads.")
    a = art(text, "a", published="2019-12-31")
    a.meta["date_from_body"] = True  # what the clean stage marks when no date line or metadata dated it
    got = {t.expressions[0].text_in({a.id: a}): t.date for t in story_timeline(make_story([a]))}
    assert got["Wednesday"] == "2020-01-01"  # the day after, not the Wednesday a week before
    b = art(text, "b", published="2019-12-31")  # a real publication date: news reports the past
    got = {t.expressions[0].text_in({b.id: b}): t.date for t in story_timeline(make_story([b]))}
    assert got["Wednesday"] == "2019-12-25"


def test_a_written_date_older_than_a_year_the_text_mentions_is_history_not_the_reference() -> None:
    story = make_story([
        art("Antonis Samaras won on Sunday. His great-grandmother took her own life on April 27, 1941, the day "
            "the Nazis invaded Athens. He returned to New Democracy in 2004.", "a1"),
        art("Pasok hopes for a deal on Tuesday. The coalition must cut spending by 2030.", "a2")])
    assert reference_dates(story) == {}  # no anchor rather than one 71 years off
    story = make_story([art("He said that on October 10, 2014, Turkey received a request. The plan runs "
                            "until 2016 and talks resume on Monday.", "a1")])
    assert reference_dates(story)[story.articles[0].id].date == dt.date(2014, 10, 10)  # a year to come is no later mention


def test_a_weekday_date_is_the_one_near_the_reference_whatever_later_years_the_story_names() -> None:
    ref = dt.date(2025, 6, 17)
    (_, _, d), = explicit_dates("The launch had been scheduled for Sunday, June 15, but was scrubbed.",
                                clues=[2019, 2025, 2030, 2031], ref=ref)
    assert d == dt.date(2025, 6, 15)


def test_a_day_and_month_without_year_follow_the_tense_of_their_clause() -> None:
    got = _timeline("A hot-fire test on Dec. 3 ended early. The board will meet on Jan. 9.", published="2025-06-17")
    assert got["Dec. 3"] == "2024-12-03" and got["Jan. 9"] == "2026-01-09"
    got = _timeline("Inspections were carried out on March 4. The plant was closed on 10 November.",
                    published="2025-12-30")
    assert got["March 4"] == "2025-03-04"
    assert got["10 November"] == "2025-11-10"  # a full month name takes no dot: the span stops before it


def test_future_without_to_and_month_of_year() -> None:
    got = _timeline("The launch is now expected in August. The report is due in September. The vote is "
                    "scheduled for Friday. Rival Corvane lost a probe in March of 2024.", published="2025-06-17")
    assert got["in August"] == "2025-08" and got["in September"] == "2025-09"
    assert got["Friday"] == "2025-06-20"
    assert got["in March of 2024"] == "2024-03"


def test_a_planned_year_does_not_turn_the_articles_own_date_into_history() -> None:
    a = art("Residents gathered on the riverbank on Wednesday, December 31, to lay flowers. The new bridge is "
            "expected to open in 2028.", "a")
    b = art("The bridge fell on Monday, December 29, 2025.", "b", published="2025-12-30")
    refs = reference_dates(make_story([a, b]))
    assert refs[a.id].date == dt.date(2025, 12, 31) and refs[a.id].source == "text"


def test_events_sharing_only_names_and_the_date_stay_apart() -> None:
    texts = ["The Korvald Bridge in Brennick collapsed on Monday. Divers recovered a second van from beneath the "
             "Korvald Bridge on Wednesday, Brennick police said.",
             "The Korvald Bridge in Brennick collapsed on Monday night. Brennick residents gathered at the Korvald "
             "Bridge on Wednesday to lay flowers.",
             "Brennick mourned the victims on Monday after the Korvald Bridge collapsed."]
    story = make_story([art(t, f"s{i}", published="2026-01-01") for i, t in enumerate(texts)])
    arts = story.by_id()
    wed = [t for t in story_timeline(story) if t.date == "2025-12-31"]
    assert len(wed) == 2 and all(len(t.sources) == 1 for t in wed)
    mon = [t for t in story_timeline(story) if t.date == "2025-12-29"]
    assert len(mon) == 1 and len(mon[0].sources) == 3, [e.text_in(arts) for t in mon for e in t.event]


def test_day_month_tense_only_against_a_publication_date() -> None:
    a = art("The storm made landfall on Aug. 2, 2023. Power was restored on Aug. 9, the utility said.", "a")
    story = make_story([a])
    arts = story.by_id()
    got = {t.expressions[0].text_in(arts): t.date for t in story_timeline(story)}
    assert got["Aug. 9"] == "2023-08-09"  # the reference is the text's own date: a past event after it is normal
    got = _timeline("Lawyers said they had expected the trial to start on June 3.", published="2024-05-20")
    assert got["June 3"] == "2024-06-03"  # a plan seen from after it: nearest


def test_this_weekday_days_ago_and_early_year() -> None:
    got = _timeline("The team flies out this Sunday. The pump failed two days ago. Work began in early 2024. "
                    "He was arrested this Monday.", published="2025-06-17")  # a Tuesday
    assert got["this Sunday"] == "2025-06-22" and got["this Monday"] == "2025-06-16"
    assert got["two days ago"] == "2025-06-15" and got["in early 2024"] == "2024"
    got = _timeline("The market reopened this Monday after repairs. The order, issued 1.5 days ago, was revoked.",
                    published="2024-06-12")
    assert got == {"this Monday": "2024-06-10"}


def test_a_named_event_merges_across_sources() -> None:
    story = make_story([art("The Brennick Marathon took place on Sunday.", "a", published="2025-06-17"),
                        art("Thousands ran the Brennick Marathon on Sunday.", "b", published="2025-06-17")])
    assert [len(t.sources) for t in story_timeline(story)] == [2]


def test_offsets_count_from_the_day_just_named() -> None:
    got = _timeline("The fire broke out on Monday. Crews contained it the following day. "
                    "Three days later the plant reopened. The mayor visited the day before the vote.")
    assert got["the following day"] == "2026-03-10" and got["Three days later"] == "2026-03-13"
    assert "the day before" not in got  # counted from the vote, which has no date
    got = _timeline("The strike began on March 2, 2026. It spread two days later; a week earlier, talks had failed.")
    assert got["two days later"] == "2026-03-04" and got["a week earlier"] == "2026-02-25"  # a chain counts on
    # no day before it, or one too far back: no entry
    assert _timeline("Police said the suspect fled the next day. He was caught on Sunday.") == {"Sunday": "2026-03-08"}
    assert "The following day" not in _timeline("On Friday the council met. Nothing happened. Nothing else "
                                                "happened. Still nothing. The following day, a vote.")
    got = _timeline("The ferry ran aground on Sunday evening. Lifeboats took people off. Nine were treated. "
                    "The operator suspended all sailings the next day.")  # three sentences back
    assert got["the next day"] == "2026-03-09"


def test_an_entry_is_shown_by_a_sentence_that_dates_only_its_event() -> None:
    story = make_story([
        art("Salvage crews began pumping fuel from the ferry on Tuesday as it sat on the reef where it grounded "
            "on Sunday night with 212 passengers aboard.", "a", published="2026-10-07"),
        art("The ferry grounded on the reef on Sunday night with 212 passengers aboard, the coastguard said.",
            "b", published="2026-10-07")])
    arts = story.by_id()
    (sunday,) = [t for t in story_timeline(story) if t.date == "2026-10-04"]
    assert len(sunday.event) == 2 and sunday.event[0].text_in(arts).startswith("The ferry grounded")
