"""Citation gates found by an output review (2026-12-04): a conflicting report and a sentence that
shares only names and titles are no support."""

from __future__ import annotations

from newsweave.summarize.cite import shares_substance, values_disagree


def test_different_numbers_or_weekdays_are_no_support() -> None:
    a = "At least 21 workers were killed in the fire at the Renholm plant on Saturday, March 7, 2026."
    b = "A fire at the Renholm plant killed 12 workers on Thursday, March 5, 2026, officials said."
    assert values_disagree(a, b)
    assert values_disagree("The strike began on Monday.", "The strike began on Tuesday.")
    assert values_disagree("Twelve people were killed.", "Fourteen people were killed.")  # counts in words
    assert not values_disagree("Twelve people were killed.", "12 people were killed.")
    assert not values_disagree("One of the 12 victims was a child.", "Twelve people died.")  # "one of" is no count
    # the same count, or values on one side only, or only the year in common: no disagreement
    assert not values_disagree("A fire killed 12 workers on Thursday.", "Twelve workers died; 12 in all, on Thursday.")
    assert not values_disagree("The plant opened in 2019 and employs 300.", "The plant, open since 2019, was hit.")
    assert not values_disagree("The 2026 budget passed.", "The budget for 2026 passed by 12 votes.")


def test_names_and_titles_alone_are_no_support() -> None:
    assert not shares_substance("Chief executive Theodora Okafor did not argue.",
                                "The announcement came shortly after Quillmark chief executive Theodora Okafor "
                                "appeared before lawmakers in Astermoor.")
    assert not shares_substance("Committee chair Matthias Ebberly was scathing.",
                                "Committee chair Matthias Ebberly said the committee would ask for the tickets.")
    assert shares_substance("The visit was postponed over the spy balloon incident.",
                            "Blinken postponed his trip in February after a Chinese spy balloon was seen.")
