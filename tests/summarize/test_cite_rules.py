"""Citation gates found by an output review (2026-12-04): a conflicting report and a sentence that
shares only names and titles are no support."""

from __future__ import annotations

import pytest

from newsweave.model import Span, Story
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
    assert not shares_substance("“We have been left with no choice,” said Maria Okonkwo, the union's president.",
                                "The union's president, Maria Okonkwo, declined to comment on Wednesday.")
    assert shares_substance("The union's members voted to strike on Monday.", "Members of the union voted to strike.")
    assert shares_substance("Police arrested the club's former director on Monday.",
                            "A former director was arrested, police said.")  # the verb is no title
    assert shares_substance("The visit was postponed over the spy balloon incident.",
                            "Blinken postponed his trip in February after a Chinese spy balloon was seen.")


def test_a_restatement_of_one_side_never_cites_the_other_side() -> None:
    from newsweave.model import Article, Contradiction, Fact, ReuseLink, Span, Story
    from newsweave.summarize.cite import Citer

    wire = Article.create("Investigators believe the fire was started by a downed power line, the sheriff said.", "w")
    rewrite = Article.create("Investigators think the blaze was sparked by a fallen power line, the sheriff said.", "r")
    denial = Article.create("Investigators do not believe the fire was started by a downed power line.", "d")
    for a in (wire, rewrite, denial):
        a.sentences = [(0, len(a.text))]
    w, r, d = (Span(a.id, 0, len(a.text)) for a in (wire, rewrite, denial))
    story = Story(id="s1", label="fire", articles=[wire, rewrite, denial])
    story.contradictions = [Contradiction("polarity", "whether: believe", [w, d], ["Investigators", "not"])]
    story.facts = [Fact("f1", wire.text, [w, r], [wire.id, rewrite.id], 1), Fact("f2", denial.text, [d], [denial.id], 1)]
    story.reuse = [ReuseLink(r, w, "paraphrase", 0.9), ReuseLink(d, w, "fuzzy", 0.9)]  # the denial copies the wire
    citer = Citer(story)
    assert citer.disputes(w, d) and citer.disputes(r, d) and citer.disputes(d, r)  # the rewrite is on the wire's side
    assert not citer.disputes(r, w) and not citer.disputes(w, r)
    assert denial.id not in {c.article_id for c in citer.cite(r)[0]}


def test_an_admission_is_no_support_for_a_denial() -> None:
    from newsweave.model import Article, Span, Story
    from newsweave.summarize.cite import Citer

    texts = {"d": "Cazimir has denied receiving any payments from Nordvale Pipe, his lawyer said.",
             "a": "Cazimir has admitted receiving payments from Nordvale Pipe, his lawyer said.",
             "r": "Cazimir has denied receiving payments from Nordvale Pipe, his lawyer said on Monday."}
    arts = {k: Article.create(t, k) for k, t in texts.items()}
    for a in arts.values():
        a.sentences = [(0, len(a.text))]
    citer = Citer(Story(id="s", label="x", articles=list(arts.values())))
    cited = {sp.article_id for sp in citer.cite(Span(arts["d"].id, 0, len(texts["d"])))[0][1:]}
    assert cited == {arts["r"].id}  # the repeat of the denial, not the admission


def _disputed_count_story() -> tuple[Story, dict[str, Span]]:
    """Two independent sources say 1,200 people were evacuated (one fact); a third says 1,500."""
    from newsweave.model import Article, Contradiction, Fact

    texts = {"a": "About 1,200 residents were evacuated after the fire at the paint works, officials said.",
             "b": "Roughly 1,200 people were evacuated when fire swept through the paint works, the council said.",
             "c": "Some 1,500 people were evacuated from their homes by the fire at the paint works, police said.",
             "d": "The paint works has operated in the town since 1961 and employs about 200 people."}
    arts = {k: Article.create(t, f"{k}.txt") for k, t in texts.items()}
    for a in arts.values():
        a.sentences = [(0, len(a.text))]
    sp = {k: Span(a.id, 0, len(a.text)) for k, a in arts.items()}
    story = Story(id="s", label="fire", articles=list(arts.values()))
    story.facts = [Fact("f1", texts["a"], [sp["a"], sp["b"]], [arts["a"].id, arts["b"].id], 2),
                   Fact("f2", texts["c"], [sp["c"]], [arts["c"].id], 1)]
    story.contradictions = [Contradiction("number", "number of people", [sp["b"], sp["c"]], ["1,200", "1,500"])]
    return story, sp


def test_the_outvoted_side_of_a_dispute_is_not_summarised(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from newsweave.summarize import extractive
    from newsweave.summarize.cite import Citer

    story, sp = _disputed_count_story()
    citer = Citer(story)
    assert citer.outvoted(sp["c"])  # 1 independent source against 2
    assert not any(citer.outvoted(sp[k]) for k in "abd")
    # even when the scorer likes the minority sentence best, the summary states what most sources say
    texts = [a.text for a in story.articles]
    monkeypatch.setattr(extractive.scorer, "score",
                        lambda feats, model=None: np.array([3.0 if t.startswith("Some 1,500") else 1.0 for t in texts]))
    out = extractive.ExtractiveSummarizer(embeddings=False).summarize(story, words=None, sentences=2)
    assert out and not any("1,500" in s.text for s in out)
    # a tie (one source each side) leaves both eligible: nothing outvotes the other
    story.facts = []
    assert not Citer(story).outvoted(sp["c"]) and not Citer(story).outvoted(sp["b"])
