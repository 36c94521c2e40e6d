"""Contradictions: the seed requirement and one unit test per rule (and non-contradictions)."""

from __future__ import annotations

import pytest
from analyze_util import art, make_story

from newsweave.analyze.contradictions import _NEG, _role, same_person, story_contradictions
from newsweave.analyze.entities import story_entities
from newsweave.analyze.quantities import _numbers, allowed_range, number_claims, predicate_words
from newsweave.model import Contradiction, Story


def _run(*texts: str, published: str = "2026-03-09") -> tuple[Story, list[Contradiction]]:
    story = make_story([art(t, f"s{i}", published=published) for i, t in enumerate(texts)])
    story.entities = story_entities(story)
    return story, story_contradictions(story)


def test_seed_contradiction_with_both_spans(seed_story: Story) -> None:
    arts = seed_story.by_id()
    assert seed_story.contradictions
    for c in seed_story.contradictions:
        assert len(c.claims) >= 2 and len({s.article_id for s in c.claims}) >= 2
        for span, value in zip(c.claims, c.values, strict=True):
            assert value in span.text_in(arts)
    days = [c for c in seed_story.contradictions if c.kind == "weekday"]
    assert days and {"Saturday", "Sunday"} <= set(days[0].values)


def test_weekday_rule() -> None:
    _, cs = _run("The union leader Katarina Voss told reporters on Saturday that the strike would go on.",
                 "Katarina Voss told reporters on Sunday that the strike would go on until the plan is dropped.")
    assert [c.kind for c in cs] == ["weekday"] and set(cs[0].values) == {"Saturday", "Sunday"}


def test_number_rule_and_agreeing_numbers() -> None:
    story, cs = _run("Emergency services said 4,800 residents were evacuated from Marrowfield overnight.",
                     "In Marrowfield 8,400 residents were evacuated overnight, emergency services said.")
    assert [c.kind for c in cs] == ["number"] and set(cs[0].values) == {"4,800", "8,400"}
    _, same = _run("Emergency services said 4,800 residents were evacuated from Marrowfield overnight.",
                   "Some 4,800 residents were evacuated from Marrowfield overnight, emergency services said.")
    assert same == []
    assert [n[0] for n in _numbers("the G-20 leaders and 6.2 million people in 2026")] == [6.2e6]
    assert [n[1] for n in _numbers("3.06 trillion baht")] == ["baht"]
    _, cs = _run("Halvorsen's suspension from the league was lowered by an arbitrator to 50 games.",
                 "Halvorsen's suspension from the league was lowered by an arbitrator to 60 games.")
    assert [c.kind for c in cs] == ["number"]  # two new values of the same change disagree
    _, cs = _run("The families of the 230 people on that aircraft are devastated, the Marland minister said.",
                 "The families of the 239 people on board the aircraft are devastated, the Marland minister said.")
    assert [c.kind for c in cs] == ["number"]  # "people on that aircraft" is not narrowed by a clause
    _, cs = _run("A fire at the Kellsby plant forced the evacuation of about 1,200 residents, officials said.",
                 "About 1,500 residents were evacuated after the fire at the Kellsby plant, officials said.")
    assert [c.kind for c in cs] == ["number"]  # two hedged counts 25% apart disagree
    _, cs = _run("A fire at the Kellsby plant forced the evacuation of about 1,200 residents, officials said.",
                 "About 1,300 residents were evacuated after the fire at the Kellsby plant, officials said.")
    assert cs == []  # ... 8% apart, both hedged: they can both hold


def test_undated_counts_disagree_only_in_one_news_cycle() -> None:
    a = "Emergency services said 4,800 residents were evacuated from Marrowfield overnight."
    b = "In Marrowfield 8,400 residents were evacuated overnight, emergency services said."
    few = make_story([art(a, "a"), art(b, "b")])
    few.entities = story_entities(few)
    assert [c.kind for c in story_contradictions(few)] == ["number"]  # two undated reports: one cycle
    topic = make_story([art(a, "a"), art(b, "b")] + [art(f"Flood story {i} about Marrowfield defences.", f"x{i}")
                                                    for i in range(6)])
    topic.entities = story_entities(topic)
    assert story_contradictions(topic) == []  # eight undated pages: written when, nobody knows
    from newsweave.analyze.timeline import story_timeline
    from newsweave.report.markdown import render_story

    story_timeline(topic)  # ... and the report says so
    assert "do not read as one news cycle" in topic.meta["timeline_note"]
    assert "8 undated articles" in render_story(topic.to_json(), {})
    story_timeline(few)
    assert "timeline_note" not in few.meta


@pytest.mark.parametrize(("a", "b"), [
    ("In addition to the 129 people killed in Paris, 352 were injured, the prosecutor said.",
     "At least 180 people were injured in the attacks in Paris, the prosecutor said."),  # killed / injured
    ("The attacks left 129 people killed in Paris on Friday night, the prosecutor said.",
     "The highest toll was 89 people killed at the Bataclan on Friday night, the prosecutor said."),  # places
    ("Another 22 countries have contributed ships and planes to the search for the jet.",
     "A total of 25 countries have contributed ships and planes to the search for the jet."),  # an increment
    ("Relatives of each passenger may receive up to $10 million in compensation from the airline.",
     "The airline has spent $11.4 million on the search for the missing jet, relatives were told."),
])
def test_counts_of_other_people_places_or_increments_do_not_disagree(a: str, b: str) -> None:
    _, cs = _run(a, b)
    assert [c for c in cs if c.kind == "number"] == []


def test_transposed_digits_disagree_however_far_apart() -> None:
    _, cs = _run("A valve failure at the Corrin works released chlorine gas on Tuesday, and 14 people were "
                 "treated in hospital for breathing problems.",
                 "A total of 41 people were treated in hospital on Tuesday after the chlorine leak at the Corrin works.")
    assert [c.kind for c in cs] == ["number"] and set(cs[0].values) == {"14", "41"}
    _, cs = _run("A valve failure at the Corrin works released chlorine gas on Tuesday, and 14 people were "
                 "treated in hospital for breathing problems.",
                 "A total of 45 people were treated in hospital on Tuesday after the chlorine leak at the Corrin works.")
    assert cs == []  # more than twice as many, other digits: other counts, perhaps of other things


def test_counts_in_words_disagree_and_leave_each_others_fact() -> None:
    story, cs = _run("Twelve people were killed when the footbridge over the Selva collapsed on Saturday evening.",
                     "Fourteen people were killed when the footbridge over the Selva collapsed on Saturday evening.")
    assert [c.kind for c in cs] == ["number"] and set(cs[0].values) == {"Twelve", "Fourteen"}
    # neither source corroborates the other's count: two single-source facts, not one of two sources
    from newsweave.analyze.facts import split_contradicted, story_facts

    story.facts, story.contradictions = story_facts(story), cs
    assert [len(f.spans) for f in story.facts if "killed" in f.text] == [2]  # aligned as one claim
    facts = split_contradicted(story)
    assert sorted(len(f.spans) for f in facts if "killed" in f.text) == [1, 1]
    assert all(f.single_source for f in facts if "killed" in f.text)
    _, same = _run("Twelve people were killed when the footbridge over the Selva collapsed on Saturday.",
                   "12 people were killed when the footbridge over the Selva collapsed on Saturday.")
    assert same == []
    _, cs = _run("Two people were killed and the footbridge over the Selva collapsed on Saturday evening.",
                 "Three people were injured when the footbridge over the Selva collapsed on Saturday evening.")
    assert cs == []  # words need a shared predicate: killed / injured count different people


def test_entity_role_rule() -> None:
    text = "The company's chief information security officer, Rowan Achterberg, told the committee."
    assert _role(text, text.index("Rowan"), text.index("Rowan") + len("Rowan Achterberg")) == \
        "chief information security officer"
    _, cs = _run("Rowan Achterberg, Quillmark's chief information security officer, apologised to lawmakers.",
                 "She was accompanied by the chief information security officer, Lena Sorel, at the hearing.")
    assert [c.kind for c in cs] == ["entity"] and set(cs[0].values) == {"Rowan Achterberg", "Lena Sorel"}


def test_a_definite_two_word_role_in_an_apposition_names_one_holder() -> None:
    _, cs = _run("Robert Tenley, the plant manager, apologised to residents on Wednesday.",
                 "The plant manager, Graham Oduya, has refused to meet residents, the campaign group said.")
    assert [c.kind for c in cs] == ["entity"] and set(cs[0].values) == {"Robert Tenley", "Graham Oduya"}
    _, cs = _run("Robert Tenley, the plant manager, apologised to residents on Wednesday.",
                 "The plant manager, Graham Oduya, has refused to meet residents, the campaign group said.",
                 "Rob Tenley, the plant manager, said the valve had failed.")
    assert len(cs) == 1 and set(cs[0].values) == {"Robert Tenley", "Graham Oduya", "Rob Tenley"}  # one dispute
    _, cs = _run("Katarina Voss, the union leader, addressed the crowd on Monday.",
                 "The union leader, Nils Ekdahl, addressed the crowd on Monday.")
    assert cs == []  # two unions may each have a leader
    _, cs = _run("Ines Farrow, the deputy mayor, opened the bridge on Monday.",
                 "The deputy mayor, Odile Fenwick, opened the bridge on Monday.")
    assert cs == []  # a town may have several


def test_a_possessed_role_in_an_apposition_names_one_holder() -> None:
    for text, name in [("The ship's master, Captain Ewan Corkill, was told of the decision.", "Ewan Corkill"),
                       ("Ewan Maddrell, the ship’s master, stayed on the bridge.", "Ewan Maddrell")]:
        assert _role(text, text.index(name), text.index(name) + len(name)) == "ship's master"
    text = "The company's chief executive, Oskar Brandell, said the offer stood."  # which company?
    assert _role(text, text.index("Oskar"), text.index("Oskar") + len("Oskar Brandell")) is None
    _, cs = _run("The ship's master, Captain Ewan Maddrell, has been with the company for eleven years.",
                 "The ship's master, Captain Ewan Corkill, was told of the decision on Wednesday.")
    assert [c.kind for c in cs] == ["entity"] and set(cs[0].values) == {"Ewan Maddrell", "Ewan Corkill"}


def test_a_count_dispute_is_named_by_the_noun_as_written() -> None:
    _, cs = _run("The ferry was carrying 212 passengers when it struck the reef, the company said.",
                 "The ferry was carrying 231 passengers when it struck the reef, the manifest showed.")
    assert [(c.kind, c.topic) for c in cs] == [("number", "number of passengers")]  # not "passenger"


def test_a_plan_and_a_past_event_are_no_date_dispute() -> None:
    _, cs = _run("The ferry ran aground on Sunday. Greyhaven Ferries suspended all sailings to the island the next day.",
                 "Greyhaven Ferries said a relief vessel would run a reduced timetable to the island from Thursday.")
    assert not [c for c in cs if c.kind in ("date", "weekday")]


def test_one_person_written_with_and_without_an_initial_holds_one_role() -> None:
    assert same_person("John F. Kelly", "John Kelly") and same_person("Kim Jong", "Kim Jong-un")
    assert not same_person("Rowan Achterberg", "Lena Sorel") and not same_person("John Kelly", "John Keller")
    text = "Former fbi director james comey told the committee."  # a lower-cased release
    assert _role(text, text.index("james"), text.index("james") + 11) is None  # not "ormer fbi director"
    _, cs = _run("Rowan F. Achterberg, Quillmark's chief information security officer, apologised to lawmakers.",
                 "Rowan Achterberg, Quillmark's chief information security officer, apologised on Monday.")
    assert cs == []


def test_polarity_rule() -> None:
    _, cs = _run("The council confirmed that the bridge over the Lennet will reopen to traffic on Friday.",
                 "The council confirmed that the bridge over the Lennet will not reopen to traffic on Friday.")
    assert [c.kind for c in cs] == ["polarity"]


def test_polarity_of_a_denied_verb_phrase_in_a_looser_pair() -> None:
    _, cs = _run("The engineering firm Halden Structures recommended closing the Tannery Footbridge to large "
                 "crowds after its November inspection.",
                 "Halden Structures did not recommend closing the Tannery Footbridge to large crowds after its "
                 "November inspection, a company spokesman said.")
    assert [c.kind for c in cs] == ["polarity"]
    _, cs = _run("The engineering firm Halden Structures recommended closing the Tannery Footbridge to large "
                 "crowds after its November inspection.",
                 "Halden Structures did not recommend any repairs to the Tannery Footbridge after its "
                 "November inspection, a company spokesman said.")
    assert cs == []  # another verb phrase: not the same claim denied
    _, cs = _run("Samsung will sell the Galaxy S5 Active variant in the United States from June, the company said.",
                 "There will be no Galaxy S5 Active variant in the United States this June, the company said.")
    assert cs == []  # a name after "no" is no verb phrase denied


def test_a_subject_that_did_not_do_what_another_source_says_it_did() -> None:
    _, cs = _run("According to the river authority, the leak did not contaminate the water supply, but anglers "
                 "were asked to stay away from the lower river.",
                 "Our results tell a different story: the leak contaminated the water supply in Millbank for at "
                 "least two days, the campaign group said.")
    assert [c.kind for c in cs] == ["polarity"]
    assert set(cs[0].values) == {"did not contaminate the water supply", "contaminated the water supply"}
    _, cs = _run("According to the river authority, the leak did not contaminate the water supply, but anglers "
                 "were asked to stay away from the lower river.",
                 "A spill in 2019 contaminated the water supply in Millbank for two days, the campaign group said.")
    assert cs == []  # another subject


def test_one_article_and_agreeing_wire_copies_have_no_contradictions() -> None:
    _, cs = _run("Katarina Voss told reporters on Saturday that the strike would go on.")
    assert cs == []
    story = make_story([art("Voss told reporters on Saturday that the strike goes on.", "a", published="2026-03-09"),
                        art("Voss told reporters on Saturday that the strike is going on.", "b",
                            published="2026-03-09")])
    story.wire_groups = [[a.id for a in story.articles]]
    story.entities = story_entities(story)
    assert story_contradictions(story) == []


def test_wire_copy_that_changed_the_day_disagrees_with_its_original() -> None:
    story = make_story([art("Voss told reporters on Saturday that the strike goes on.", "a", published="2026-03-09"),
                        art("Voss told reporters on Sunday that the strike goes on.", "b", published="2026-03-09")])
    story.wire_groups = [[a.id for a in story.articles]]
    story.entities = story_entities(story)
    cs = story_contradictions(story)
    assert [c.kind for c in cs] == ["weekday"] and set(cs[0].values) == {"Saturday", "Sunday"}


def test_month_rule_same_event_dated_differently() -> None:
    _, cs = _run("The trip was postponed because of the spy balloon affair that began to unfold in January.",
                 "The trip follows the discovery of a suspected spy balloon over the country in February.",
                 published="2023-06-18")
    assert [c.kind for c in cs] == ["date"] and set(cs[0].values) == {"in January", "in February"}
    assert "balloon" in cs[0].topic
    # other events in other months, and plans, are no contradiction
    _, cs = _run("The trip was postponed after the spy balloon affair in January.",
                 "The trip had been planned for February, before the spy balloon was found.", published="2023-06-18")
    assert cs == []
    _, cs = _run("The leaders are likely to attend the next summit of the bloc in September.",
                 "The leaders will attend the next summit of the bloc in November.", published="2023-06-18")
    assert cs == []


def test_seed_balloon_month_disagreement(seed_story: Story) -> None:
    months = [c for c in seed_story.contradictions if c.kind == "date" and "balloon" in c.topic]
    assert months and {"in January", "in February"} == set(months[0].values)


def _with_quotes(*texts: str) -> tuple[Story, list[Contradiction]]:
    from newsweave.analyze.quotes import story_quotes

    story = make_story([art(t, f"s{i}", published="2026-03-09") for i, t in enumerate(texts)])
    story.entities = story_entities(story)
    story.quotes = story_quotes(story)
    return story, story_contradictions(story)


def test_speaker_rule_one_utterance_two_named_speakers() -> None:
    _, cs = _with_quotes(
        "Engineer Gregor Hallam spoke at the dam. “The dam was never at risk of failing, whatever people "
        "say about the gates,” Gregor Hallam said.",
        "Mayor Odile Fenwick spoke at the town hall. “The dam was never at risk of failing, whatever people "
        "say about those gates,” Odile Fenwick said.")
    assert [c.kind for c in cs] == ["entity"] and cs[0].topic == "speaker of a quote"
    assert set(cs[0].values) == {"Gregor Hallam", "Odile Fenwick"}
    # two people saying different things, or a short stock phrase, is no contradiction
    _, cs = _with_quotes(
        "Engineer Gregor Hallam spoke at the dam. “The dam was never at risk of failing, whatever people "
        "say about the gates,” Gregor Hallam said.",
        "Mayor Odile Fenwick spoke at the town hall. “The town will rebuild every house that the water "
        "destroyed this spring,” Odile Fenwick said.")
    assert cs == []


# pairs whose numbers or days can both hold, or that are about different things
AGREEING_PAIRS = [
    # rounding, bounds, percentages vs counts
    ("More than a third of WeWork's 12,000 employees will likely receive notice this week.",
     "WeWork had 12,500 employees on June 30, and there are others who work for affiliates."),
    ("Rescue teams said more than 30 people were missing after the landslide in the valley.",
     "Rescue teams said 45 people were missing after the landslide in the valley on Monday."),
    ("Officials said 28 people who came into contact with the patient were quarantined.",
     "Officials said the plague can be fatal in up to 90 per cent of people who are not treated."),
    # different subjects, a range's end, a list of variants
    ("Brandon Montour scored for the Sabres and Linus Ullmark stopped 22 shots in the game.",
     "Meanwhile, Wild goalie Alex Stalock looked strong in the game, stopping 30 shots."),
    ("The all-wheel-drive version will go from zero to 60 mph in five seconds, Volkswagen says.",
     "Volkswagen says the top speed of the all-wheel-drive version is 109 mph."),
    ("They will have 71 kWh and 95 kWh of battery capacity, the company said of the two models.",
     "The company said the model is powered by an 82 kWh lithium-ion battery."),
    # "25 and" counts nothing; a version is no count
    ("According to the passport, the attacker was 25 and was born in Idlib in Syria.",
     "According to the passport, the attacker was 28 and was born in Idlib in Syria."),
    ("The phone now has a micro-USB port and an MHL 2.0 port on the bottom edge.",
     "The phone now has a micro-USB port and an MHL 3.0 port on the bottom edge."),
    # "people" counts only agree on what the people did
    ("French officials said the attacks in Paris killed 129 people on Friday night.",
     "French officials said 124 people were under investigation after the attacks in Paris."),
    # the same weekday, and a weekday range
    ("The assault on the concert hall in Paris began at 9:20 p.m. Friday, officials said.",
     "The assault on the concert hall in Paris began last Friday, officials said."),
    ("Police carried out 128 raids overnight on Monday to Tuesday across France.",
     "Police carried out 128 raids overnight on Tuesday across France."),
    # a forecast naming several days; a date range "from January 4 to 31"
    ("The weather service predicts a 40% chance of rain late Friday and 50% early Saturday in Orlen.",
     "The weather service says the chance of rain in Orlen on Thursday is 100%."),
    ("The survey of the cities of Orlen will be conducted from January 4 to 31, officials said.",
     "The survey of the cities of Orlen will be conducted by January 31, 2020, officials said."),
    # the same words before two days that date different things (killed / said)
    ("French President Ilse Marrow said 127 were killed on Friday in a series of attacks in Orlen.",
     "French President Ilse Marrow said on Saturday the attacks in Orlen that killed 127 were an act of war."),
    # different people photographed on different days
    ("Joren Malvik poses for a photo Dec. 18, 2019, at his home in Pellbrook.",
     "Ansel Traum and Ida Traum pose for a photo Dec. 20, 2019, at their home in Pellbrook."),
    # numbers that name: an address block, an episode; a lost comparison; counts of other years
    ("Deputies were called to the 2200 block of West Orlen Street after a report of a shooting.",
     "Deputies were called to the 3000 block of Vera Avenue after a report of a shooting."),
    ("The Orlen Saga Season 1 Episode 7 recap: the hero returns to the city.",
     "The Orlen Saga Season 1 Episode 8 recap: the hero returns to the city at last."),
    ("According to the weather office, there than 1,000 homes were destroyed by the fires.",
     "The fires have destroyed at least 1,200 homes, according to the weather office."),
    ("Tourism will inject 306 billion baht into the Marland economy this year, the agency said.",
     "Tourism will inject 318 billion baht into the Marland economy in 2020, the agency said."),
    # a sentence stating a change from one value to another; two of a kind; a narrowed count
    ("Halvorsen's 80-game suspension from the league was lowered by an arbitrator today to 50 games.",
     "Halvorsen had appealed the league's original suspension of 80 games, the longest in its history."),
    ("The second sample from the Orlen plant was only 40 percent copper, and the rest was slag.",
     "The sample from the first Orlen plant was approximately 50 percent copper, the lab said."),
    ("More than half of the 1,416 flu cases reported in Marland this year were in children.",
     "Of the 970 flu cases with detailed vaccination data in Marland, 574 were unvaccinated."),
    # hedges: "as little as" is a floor, "within" a ceiling; "2 or 3" is a range
    ("Army officials say the Orlen device cures the infection in as little as 16 hours, they said.",
     "Army officials say the Orlen device can cure the infection within 20 hours, they said."),
    ("In some parts of Marland, fuel is down to nearly $ 1 a litre, the motoring club said.",
     "In at least eight states of Marland some stations sell fuel for less than $ 1.25 a litre."),
    ("Police found videos of victims as young as 2 years old in the Orlen house, the complaint says.",
     "Police found videos of victims, some as young as 2 or 3 years old, in the Orlen house."),
    # a count of two groups ("passengers and crew") against one of them
    ("Of the 227 passengers and 12 crew members on the Orlen flight, two-thirds were from Marland.",
     "The Orlen flight was travelling to Marland with 239 passengers and crew on board, officials said."),
    # a requirement, an average or an intended value against what happened
    ("The minimum needed to trigger a recall of Governor Ansel Traum was 540,208 signatures.",
     "A recall of Governor Ansel Traum was ordered after more than 900,000 signatures were collected."),
    ("Marland employers added an average of 238,000 jobs over the past three months, officials said.",
     "The Marland economy gained 288,000 jobs as the jobless rate fell, officials said."),
    ("Joren Malvik won the Orlen pie eating contest on Friday, eating 61 pies to take his eighth belt.",
     "Joren Malvik hopes to beat his rivals at the Orlen pie eating contest by downing a record 70 pies."),
    # counts of different days or months; amounts of a list ("$16 billion, up to $18.4 billion")
    ("The militants fired 140 rockets far into Marland on Tuesday, the army said.",
     "More than 180 rockets were fired into Marland on Wednesday, the army said."),
    ("The Marland economy added 195,000 jobs in June, the labour office said.",
     "The Marland economy added 288,000 jobs last month, the labour office said."),
]


def test_amounts_percentages_and_no_1_read_as_written() -> None:
    # "$18.4 billion with its option" is a second amount of billions: the sentence lists two
    assert number_claims("Quillmark will raise $16 billion (up to $18.4 billion with its option) in shares.") == []
    # a percentage of something not named is keyed "%" and compared only on a shared predicate
    assert [n[1] for n in _numbers("her approval score is just under 50 percent.")] == ["%"]
    assert "percent" not in predicate_words("leads Malvik 53 percent to 40 percent", 14)
    assert _NEG.search("a severe vibration from the no. 1 engine") is None  # a number, not a negation
    assert _NEG.search("there is no engine left") is not None
    text = "for less than $ 1.25 a litre"  # a currency sign detached, as in tokenised text
    assert allowed_range(text, text.index("1.25"), 1.25, "1.25") == (0.0, 1.25)


def test_versions_after_a_slash_and_values_beside_a_hyphenated_one_are_no_claims() -> None:
    assert number_claims("There's now a micro-USB 3.0/MHL 2.0 port on the bottom, protected by a tab.") == []
    assert number_claims("At 5.57 ounces, it is also a tad lighter than the Active's 6-ounce weight.") == []
    assert [c[:2] for c in number_claims("At 5.57 ounces, it is a tad lighter than the old model.")] == [(5.57, "ounc")]


@pytest.mark.parametrize("a,b", AGREEING_PAIRS)
def test_pairs_that_can_both_hold_or_are_about_different_things_do_not_disagree(a: str, b: str) -> None:
    assert _run(a, b)[1] == []


def test_named_days_and_deictic_words_are_no_dates_to_disagree_on() -> None:
    _, cs = _run("Retailers said the discounts on Black Friday drew record crowds to the malls.",
                 "Retailers said the discounts on Cyber Monday drew record crowds to the malls.")
    assert cs == []
    _, cs = _run("Google said its Stadia streaming service launches today in 14 countries.",
                 "Google said its Stadia streaming service launches tomorrow in 14 countries.",
                 published="2019-11-18")
    assert cs == []  # "today" / "tomorrow" hang on each page's publication time
    _, cs = _run("Google said the Stadia launch day is Tuesday in 14 countries.",
                 "Google said the Stadia streaming service launched Tuesday in 14 countries.")
    assert cs == []  # the same weekday, resolved apart only by tense


def test_a_date_is_no_count_and_an_undated_weekday_no_date() -> None:
    _, cs = _run("Satellites spotted the debris on 16 March, the Australian officials said on the search.",
                 "Satellites spotted the debris on 8 March, the Australian officials said on the search.")
    assert [c.kind for c in cs] == ["date"]  # a date disagreement, not "16" / "8" counts of "March"
    # "on Monday" against "24 March" in pages without a date of their own: which Monday is unknown
    story = make_story([art("Australian planes spotted floating objects on 24 March in the search area.", "s0"),
                        art("Australian planes spotted floating objects on Monday in the search area.", "s1")])
    story.entities = story_entities(story)
    assert story_contradictions(story) == []


def test_articles_weeks_apart_report_a_story_that_moved_on() -> None:
    _, cs = _run("Teams from 14 countries are now involved in the search for the missing plane.",
                 "Teams from 26 countries are now involved in the search for the missing plane.")
    assert [c.kind for c in cs] == ["number"]  # same day: a disagreement
    story = make_story([art("Teams from 14 countries are now involved in the search for the missing plane.", "s0",
                            published="2014-03-20"),
                        art("Teams from 26 countries are now involved in the search for the missing plane.", "s1",
                            published="2014-05-02")])
    story.entities = story_entities(story)
    assert story_contradictions(story) == []


def test_rate_changes_in_points_and_percentages_read_with_their_units() -> None:
    from newsweave.clean.sentences import split_sentences

    # "percentage points" and "points" are one unit, a weekday after "percent on" is no counted noun, and
    # values exactly twice apart (0.5 / 0.25) are still about one thing
    assert [n[:2] for n in _numbers("raised the rate by 0.5 percentage points to 4.75 percent on Tuesday.")] == [
        (0.5, "point"), (4.75, "%")]
    assert [n[:2] for n in _numbers("a cut of 50 basis points")] == [(0.5, "point")]
    assert _numbers("Police arrested 12 on Tuesday.") == []
    assert [n[1] for n in _numbers("prices rose 6 percent in Leeds")] == ["%leed"]  # not any percentage
    assert [n[1] for n in _numbers("the strike killed 12 in Rafah")] == ["rafah"]
    arts = [art("The Marland central bank raised its main rate by 0.5 percentage points to 4.75 percent on "
                "Tuesday, the governor said.", "s0", published="2026-03-09"),
            art("The Marland central bank raised its main rate by 0.25 points to 4.5 percent on Tuesday, the "
                "governor said.", "s1", published="2026-03-09")]
    for a in arts:
        a.sentences = split_sentences(a.text)  # the naive test splitter would cut "0.5" at its dot
    story = make_story(arts)
    story.entities = story_entities(story)
    found = {frozenset(c.values) for c in story_contradictions(story) if c.kind == "number"}
    assert found == {frozenset({"0.5", "0.25"}), frozenset({"4.75 percent", "4.5 percent"})}


def test_a_number_is_compared_in_its_own_period_not_every_date_of_its_sentence() -> None:
    from newsweave.analyze.quantities import period_of

    t = "The fire broke out on Thursday afternoon near the trailhead and by Saturday evening had burned 8,900 acres."
    assert period_of(t, t.index("8,900"), t.index("8,900") + 5) == "saturday"
    assert period_of("3.06 trillion baht this year", 0, 4) == "this year"
    assert period_of("Police said 12 people were hurt.", 12, 14) is None
    _, cs = _run("The fire broke out on Thursday afternoon near the Corran Ridge trailhead and by Saturday evening "
                 "had burned 8,900 acres of grass and pine forest, according to the county fire department.",
                 "The fire broke out on Wednesday afternoon near the Corran Ridge trailhead and by Saturday evening "
                 "had burned 12,400 acres, county figures show.")
    assert {(c.kind, frozenset(c.values)) for c in cs} == {("weekday", frozenset({"Thursday", "Wednesday"})),
                                                           ("number", frozenset({"8,900", "12,400"}))}


def test_a_denial_and_an_admission_of_the_same_thing_disagree() -> None:
    from newsweave.analyze.stance import opposite_stance

    deny = "Cazimir, who was arrested last November, has denied receiving any payments from Nordvale Pipe."
    admit = "Cazimir has admitted receiving payments from Nordvale Pipe but says they were legal fees."
    assert opposite_stance(deny, admit) == "receiving payments"
    assert opposite_stance("Russia denied the attack on the depot.", "Ukraine confirmed the attack on the depot.") is None
    assert opposite_stance(deny, deny.replace("has denied", "denies")) is None  # the same stance
    _, cs = _run(deny, admit)
    assert [(c.kind, sorted(c.values)) for c in cs] == [("polarity", ["admitted", "denied"])]
