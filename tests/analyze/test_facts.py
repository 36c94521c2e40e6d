"""Fact alignment and the facts stage: on the seeds and on small constructed stories."""

from __future__ import annotations

from analyze_util import art, make_story

from newsweave.analyze.align import align_story, combiner, same_fact
from newsweave.analyze.facts import story_facts
from newsweave.model import Article, Span, Story


def test_combiner_loads_and_decides() -> None:
    c = combiner()
    assert 0.2 <= c.threshold <= 0.8
    assert same_fact("The storm killed 12 people in the port city on Tuesday.",
                     "Twelve people died in the port city when the storm hit on Tuesday.", 0.85)
    assert not same_fact("The storm killed 12 people in the port city on Tuesday.",
                         "The mayor opened a new library downtown.", 0.1)


def test_every_fact_is_verbatim_and_balloon_corroborated_by_five(seed_story: Story) -> None:
    arts = seed_story.by_id()
    assert seed_story.facts
    for f in seed_story.facts:
        assert f.text == f.spans[0].text_in(arts)
        assert f.independent_sources == seed_story.independent_count(f.sources)
        assert f.single_source == (f.independent_sources < 2)
    balloon = [f for f in seed_story.facts
               if sum("balloon" in s.text_in(arts) for s in f.spans) >= 3
               and any(w in " ".join(s.text_in(arts) for s in f.spans) for w in ("postpon", "delay"))]
    assert balloon, "no aligned fact about the balloon postponement"
    best = max(balloon, key=lambda f: len(f.sources))
    assert len(best.sources) == 5  # every seed article states it
    assert best.independent_sources == seed_story.independent_count(best.sources)  # wire copies once


def test_wire_group_counts_once() -> None:
    t1 = "Flood waters rose above the river wall in Tarnby on Monday. The council opened two shelters."
    t2 = "Flood waters rose above the river wall in Tarnby on Monday. Schools stayed closed."
    a, b = art(t1, "a"), art(t2, "b")
    story = make_story([a, b])
    story.wire_groups = [[a.id, b.id]]
    facts = story_facts(story)
    shared = [f for f in facts if len(f.spans) == 2]
    assert shared and shared[0].independent_sources == 1 and shared[0].single_source


def test_one_outlet_counts_once_and_a_dateline_is_no_member() -> None:
    t1 = "Flood waters rose above the river wall in Tarnby on Monday. The council opened two shelters."
    t2 = "Flood waters rose above the river wall in Tarnby on Monday, officials said. Schools stayed closed."
    t3 = "TARNBY, 9 March 2026 — Flood waters rose above the river wall in Tarnby on Monday night."
    a, b = art(t1, "a"), art(t2, "b")
    a.outlet = b.outlet = "Tarnby Gazette"
    c = art(t3, "c")
    c.sentences = [(0, t3.index("—") + 1), (t3.index("Flood"), len(t3))]  # the splitter's dateline segment
    story = make_story([a, b, c])
    assert story.independent_count([a.id, b.id]) == 1 and story.independent_count(story.article_ids) == 2
    facts = story_facts(story)
    shared = [f for f in facts if len(f.spans) >= 2]
    assert shared and shared[0].independent_sources == 2
    dateline = Span(c.id, *c.sentences[0])
    assert all(dateline not in f.spans for f in facts)


def test_a_sentence_another_source_also_says_is_not_single_source() -> None:
    from newsweave.analyze.align import scored_pairs, story_edge, story_sentences

    a = art("Residents of Millbank were told to keep their windows shut on Tuesday. "
            "The council opened a rest centre at the Millbank library.", "a")
    b = art("Households in Millbank were told on Tuesday to keep windows shut. "
            "Millbank residents were told on Tuesday to keep their windows and doors shut, the council said.", "b")
    story = make_story([a, b])
    spans, texts, _ = story_sentences(story)
    facts = story_facts(story)
    grouped = {sp for f in facts if not f.single_source for sp in f.spans}
    singles = {f.spans[0] for f in facts if f.single_source}
    for (i, j), p in scored_pairs(story).items():
        if p >= story_edge(2):  # said in both articles: in a fact, or in neither list
            assert spans[i] not in singles and spans[j] not in singles, (texts[i], texts[j])
    assert grouped


def test_one_article_story_has_only_single_source_facts() -> None:
    a = art("The bridge in Oslen closed on Friday after cracks were found in two of its piers. "
             "Engineers will inspect the structure next week before any decision is taken.", "one")
    story = make_story([a])
    assert align_story(story) == []
    facts = story_facts(story)
    assert facts and all(f.single_source and len(f.spans) == 1 for f in facts)


def test_empty_story_articles_without_sentences() -> None:
    a = Article.create("x", "empty")
    assert story_facts(make_story([a])) == []


def test_short_sentences_sharing_no_words_are_not_one_fact() -> None:
    # the MRPC-trained combiner rates short unrelated quotes as paraphrases (~0.57); in a story a
    # pair needs shared content words or a close MiniLM cosine before that score counts
    a = art("The mayor said the bridge would reopen on Monday after repairs. \"Nothing will be off limits.\" "
            "Council members approved the repair budget on Tuesday.", "a.txt")
    b = art("The bridge reopens on Monday, the mayor said, after weeks of repairs. "
            "\"That was not a risk any engineer could accept.\" The council approved the budget.", "b.txt")
    story = make_story([a, b])
    arts = story.by_id()
    groups = [sorted(s.text_in(arts) for s in g.spans) for g in align_story(story)]
    assert not any(any("off limits" in t for t in g) and any("engineer" in t for t in g) for g in groups)
    assert any(any("reopen" in t for t in g) for g in groups)  # the real shared fact is still found


def _group(texts: list[str], scores: dict[tuple[int, int], float]):
    from newsweave.analyze.align import AlignedGroup
    from newsweave.model import Span

    spans = [Span(f"a{i}", 0, len(t)) for i, t in enumerate(texts)]
    pair = {(spans[i], spans[j]): v for (i, j), v in scores.items()}
    return AlignedGroup(spans, sum(scores.values()) / len(scores), pair), dict(zip(spans, texts, strict=True)), spans


def test_fact_text_is_what_the_sources_share_not_one_sources_extra_detail() -> None:
    from newsweave.analyze.facts import representative

    texts = ["Biden said he hoped to meet Xi again after a lengthy meeting in Bali, where the two agreed on a "
             "visit by Biden.",
             "Biden and Xi agreed to the trip at a meeting in Bali last year.",
             "Biden and Xi met in Bali last year and agreed on the trip."]
    g, by_span, spans = _group(texts, {(0, 1): 0.48, (0, 2): 0.47, (1, 2): 0.44})
    assert representative(g) == spans[0]  # the most central by score alone
    assert representative(g, frozenset(spans), by_span) != spans[0]  # but most of its words are its own


def test_fact_text_reads_without_the_sentence_before_it() -> None:
    from newsweave.analyze.facts import representative

    texts = ["It did not require a second login factor.",
             "The contractor account did not require a second login factor, the chief executive said."]
    g, by_span, spans = _group(texts, {(0, 1): 0.6})
    assert representative(g, frozenset(spans), by_span) == spans[1]


def test_two_groups_around_one_sentence_are_not_the_same_line_twice() -> None:
    from newsweave.analyze.align import AlignedGroup

    a = art("Committee chair Matthias Ebberly was scathing about the breach.", "a")
    b = art("Committee chair Matthias Ebberly said the committee would ask for the internal tickets.", "b")
    c = art("Ebberly summed up the breach hearing in one line that members repeated all afternoon.", "c")
    d = art("Ebberly told the committee it would ask the company for its internal tickets.", "d")
    story = Story(id="s", label="t", articles=[a, b, c, d])
    sa, sb, sc, sd = (Span(x.id, *x.sentences[0]) for x in (a, b, c, d))
    g1 = AlignedGroup([sa, sb, sd], 0.6, {(sa, sb): 0.9, (sa, sd): 0.9, (sb, sd): 0.5})
    g2 = AlignedGroup([sa, sc], 0.5, {(sa, sc): 0.9})
    facts = [f for f in story_facts(story, [g1, g2]) if not f.single_source]
    assert len({f.text for f in facts}) == len(facts)
    assert all(not ({sb, sd} & set(f.spans) and sc in f.spans) for f in facts)  # nothing chains b/d with c
    # the sentence only the dropped group held is not lost: it is what only its source says
    assert [f.spans for f in story_facts(story, [g1, g2]) if f.single_source] == [[sc]]


def test_single_source_lines_read_alone() -> None:
    story = make_story([art("Hundreds of mourners followed the coffin of Jakub Nowak through the old town on "
                            "Thursday. He is no relation to the mayor of the city, his family said.", "a")])
    texts = [f.text for f in story_facts(story)]
    assert any(t.startswith("Hundreds of mourners") for t in texts)
    assert not any(t.startswith("He is no relation") for t in texts)


def test_a_quotation_and_another_statement_of_the_same_person_are_not_one_fact() -> None:
    story = make_story([
        art("The strike at the port entered its second day. \"The door is open,\" said Daniel Reyes, the port "
            "authority's operations director, on Wednesday.", "a"),
        art("Shipping lines diverted cargo to other harbours. Its operations director, Daniel Reyes, told the "
            "Gazette that the harbour had lost two major contracts to rival ports last year.", "b")])
    from newsweave.analyze.align import scored_pairs, story_sentences

    _, texts, _ = story_sentences(story)
    reyes = [v for (i, j), v in scored_pairs(story).items() if "Reyes" in texts[i] and "Reyes" in texts[j]]
    assert reyes == [0.0]  # 0.43 before: the names and the title were all they shared


def test_members_stating_the_other_side_of_a_disputed_value_leave_the_fact() -> None:
    from newsweave.analyze.facts import split_contradicted
    from newsweave.model import Contradiction, Fact

    texts = {"e": "About 1,500 residents were evacuated after the fire, which broke out on Sunday night.",
             "a": "A fire that broke out on Monday night forced the evacuation of about 1,200 residents.",
             "c": "The blaze compelled roughly 1,200 locals to leave their homes, authorities said.",
             "g": "Most of the residents evacuated after the fire returned home on Saturday.",
             "b": "Officials put the number of residents who had to leave at 1,500 on Tuesday."}
    arts = {k: art(t, k) for k, t in texts.items()}
    story = make_story(list(arts.values()))
    sp = {k: Span(a.id, 0, len(a.text)) for k, a in arts.items()}
    name = {a.id: k for k, a in arts.items()}
    story.facts = [Fact("f1", texts["e"], [sp["e"], sp["c"], sp["g"]], [sp[k].article_id for k in "ecg"], 3)]
    story.contradictions = [Contradiction("number", "number of resident", [sp["a"], sp["e"]], ["1,200", "1,500"])]
    facts = split_contradicted(story)
    by_text = {f.text: sorted(name[x] for x in f.sources) for f in facts}
    # "1,200" is no support for "1,500", nor is a sentence that gives no count: a disputed count is
    # corroborated only by the members that state it
    assert by_text[texts["e"]] == ["e"]
    assert sorted(by_text.values()) == [["c", "g"], ["e"]]  # (c is no claim the rules paired)
    # a text that is no claim of the dispute keeps members that mention either value
    story.contradictions = [Contradiction("number", "number of resident", [sp["a"], sp["b"]], ["1,200", "1,500"])]
    assert [sorted(name[x] for x in f.sources) for f in split_contradicted(story)] == [["c", "e", "g"]]


def test_members_dated_days_apart_from_the_fact_are_another_event() -> None:
    import datetime as dt

    from newsweave.analyze.align import AlignedGroup
    from newsweave.analyze.facts import split_by_date

    sa, sb, sc, sd = (Span(x, 0, 10) for x in "abcd")
    g = AlignedGroup([sa, sb, sc, sd], 0.6, {(sa, sb): 0.9, (sa, sc): 0.6, (sc, sd): 0.8, (sa, sd): 0.5})
    day = dt.date(2025, 3, 9)
    days = {sa: {day}, sb: {day + dt.timedelta(days=1)},  # "on Sunday" / "on Monday": one event, disputed
            sc: {day + dt.timedelta(days=6)}, sd: {day + dt.timedelta(days=6), day - dt.timedelta(days=30)}}
    out = split_by_date([g], days, lambda grp: grp.spans[0])
    assert [x.spans for x in out] == [[sa, sb], [sc, sd]]
    assert out[1].pair_scores == {(sc, sd): 0.8}
    assert split_by_date([g], {sa: {day}}, lambda grp: grp.spans[0]) == [g]  # undated members stay
    # days counted in two articles without a publication date of their own may be a week off: no split
    assert split_by_date([g], days, lambda grp: grp.spans[0], dated=set()) == [g]
    assert [x.spans for x in split_by_date([g], days, lambda grp: grp.spans[0], dated={"c"})] == [[sa, sb, sd]]


def test_a_plan_and_what_happened_on_another_day_are_two_facts() -> None:
    import datetime as dt

    from newsweave.analyze.align import AlignedGroup
    from newsweave.analyze.facts import split_by_date

    sa, sb, sc = (Span(x, 0, 10) for x in "abc")
    g = AlignedGroup([sa, sb, sc], 0.6, {(sa, sb): 0.6, (sa, sc): 0.7, (sb, sc): 0.6})
    fri, sat, sun, mon = (dt.date(2026, 5, d) for d in (15, 16, 17, 18))
    days = {sa: {sun}, sb: {sat}, sc: {sun}}  # lifted on Sunday / expected to lift on Saturday / lifted Sunday
    written = {"a": mon, "b": fri, "c": mon}
    assert [x.spans for x in split_by_date([g], days, lambda grp: grp.spans[0], written)] == [[sa, sc]]
    # a plan and its outcome on the same day stay one fact; so do two reports a day apart
    assert split_by_date([g], {sa: {sun}, sb: {sun}, sc: {sun}}, lambda grp: grp.spans[0], written) == [g]
    assert split_by_date([g], {sa: {sun}, sb: {sat}, sc: {sun}}, lambda grp: grp.spans[0],
                         {"a": mon, "b": mon, "c": mon}) == [g]


def test_two_remarks_of_one_speaker_are_not_one_fact_but_one_quote_in_two_sources_is() -> None:
    from newsweave.analyze.align import scored_pairs, story_sentences

    story = make_story([
        art("Investigators met in Ostrum on Friday. \"The chart on the bridge was out of date,\" chief "
            "investigator Tobias Venn said.", "a"),
        art("The inquiry opened on Friday. \"We will look at the bridge, the charts and the buoyage, in that "
            "order,\" Venn said.", "b"),
        art("Officials gathered in Ostrum. \u201cThe chart on the bridge was out of date,\u201d Venn told "
            "reporters.", "c")])
    _, texts, _ = story_sentences(story)
    scores = {(texts[i][:12], texts[j][:12]): v for (i, j), v in scored_pairs(story).items()}
    remarks = [v for (x, y), v in scores.items() if {x, y} == {'"The chart o', '"We will loo'}]
    assert remarks in ([], [0.0])  # two remarks on one subject
    same = [v for (x, y), v in scores.items() if {x, y} == {'"The chart o', "\u201cThe chart o"}]
    assert same and same[0] > 0.5  # one utterance, two outlets
