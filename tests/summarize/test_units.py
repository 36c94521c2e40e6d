"""Summariser pieces on small texts written here (no models: TF-IDF only)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsweave.clean.quality import caption_lines, eligible, lower_cased, reject_reason
from newsweave.clean.stage import split_sentences
from newsweave.model import Article, Contradiction, Fact, Span, Story, TimelineEntry, story_from_json
from newsweave.summarize import available, get, register
from newsweave.summarize.cite import SUPPORT_MIN, Citer, supports
from newsweave.summarize.extractive import ExtractiveSummarizer
from newsweave.summarize.features import FEATURES, build, is_dangling, needs_antecedent


def art(text: str, source: str, **kw) -> Article:
    return Article.create(text, source, sentences=split_sentences(text), **kw)


A = ("The city council approved a new budget of 40 million dollars on Tuesday after a long debate. "
     "The mayor said the plan would fund three new schools and repair the main bridge. "
     "He added that taxes would not rise this year. "
     "Opponents argued the bridge repairs should have waited until the spring.")
B = ("On Tuesday the city council approved a 40 million dollar budget following a lengthy debate. "
     "Local bakeries reported record sales of pumpkin pies during the autumn festival weekend. "
     "The budget funds three new schools and repairs to the main bridge, the mayor said.")
C = ("Residents packed the hall as the council voted to approve the new budget on Tuesday evening. "
     "Critics said the spending plan ignored the needs of the northern districts entirely.")


def story() -> Story:
    arts = [art(A, "a.txt", published="2024-03-05"), art(B, "b.txt"), art(C, "c.txt")]
    return Story(id="s1", label="budget", articles=arts)


@pytest.mark.parametrize("text,reason", [
    ("Source link", "fragment"),
    ("Your email address will not be published. Required fields are marked", "boilerplate"),
    ("Related Articles about the city council budget and the bridge repairs today.", "boilerplate"),
    ("Sign up for our daily newsletter to get the top stories every morning.", "boilerplate"),
    ("Subscribe now and get unlimited access to every article we publish.", "boilerplate"),
    ("Hopes For Warmer Relations Between The Two Great Powers", "headline"),
    ("THE COUNCIL HAS APPROVED THE BUDGET FOR THE NEW YEAR.", "all caps"),
    ("And it takes time to build trust between the two sides.”", "quote"),
    ("Delegates at the long table near the plants in the middle.", "verb"),
    ("Relations have declined over chips and rights [Jane Roe/Pool via AFP]", "caption"),
    ("e.g. the council which met on the second floor of the hall.", "lower case"),
    # page chrome that survives scraping (alert sign-ups, social widgets, players, web-archive notes)
    ("Breaking News Emails Get breaking news alerts and special reports.", "boilerplate"),
    ("The news and stories that matter, delivered weekday mornings.", "boilerplate"),
    ("Get the Brevnik Daily evening briefing in your inbox every weekday.", "boilerplate"),
    ("Get the morning's top stories in your inbox.", "boilerplate"),
    ("Listeners can follow our live coverage on 94.2 FM.", "boilerplate"),
    ("You always have the option to delete your Tweet location history.", "boilerplate"),
    ("Rating is available when the video has been rented.", "boilerplate"),
    ("Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.",
     "boilerplate"),
    ("1 of 10 Full screen Autoplay Close Skip ad × The moment a lion attacked a keeper.", "boilerplate"),
    ("The interactive transcript could not be loaded.", "boilerplate"),
    ("Feb. 12, 2016, 8:52 PM GMT / Updated Feb. 12, 2016, 9:10 PM GMT by Jane Roe", "boilerplate"),
    ("If you read and enjoy our journalism, please consider subscribing today.", "boilerplate"),
    ("| DL | Myles Garrett | 57 | 77% | 1 tackle (1 combined) against the Steelers.", "table row"),
    ("— Robert Maguire (@RobertMaguire_) November 18, 2019", "credit"),
    ("Be sure to visit Arrowhead on Facebook, Twitter, and Instagram.", "boilerplate"),
    ("Thanks for reading The Harbour News, and come back tomorrow.", "boilerplate"),
    ("Q: Favorite live event you've ever attended in the city?", "question"),
    ("South Dakota Gov. Kristi NoemKristi Lynn NoemSouth Dakota governor doubles down on the campaign.", "glued"),
    ("PORT ELLIS, MD - NOVEMBER 17: Ansel Traum of the Harbour FC walks off the field after a loss.", "caption"),
    ("(Not even the vase that the mayor suggested for the new council chamber.)", "aside"),
    ("As community leaders and politicians discuss measures to...", "cut-off"),
    ("— Ida Traum (@idatraum) Democratic field, with four percent support in the poll.", "credit"),
    ("Use the interactive world map above to explore the birthplaces of the league's players.", "boilerplate"),
    ("(See photos of the first lady's fashion over the years.)", "boilerplate"),
])
def test_reject_reasons(text: str, reason: str) -> None:
    why = reject_reason(text)
    assert why is not None and reason in why


def test_chrome_phrases_leave_news_about_the_same_things_alone() -> None:
    for text in ("The Internet Archive said its library had been offline for two days after the attack.",
                 "The senator told reporters she would not sign up for the committee's trip.",
                 "Residents can register to vote at the town hall until Friday, officials said.",
                 "Rescuers continued to crawl through the rubble of the collapsed school on Tuesday.",
                 "Subscribers to the paper's breaking-news service received the alert at 9 p.m.",
                 "Officials see the interactive nature of the talks as a plus, the minister said.",
                 "The map above the mayor's desk shows the flood defences built since 1953."):
        assert reject_reason(text) is None, text


def test_accepts_plain_news_sentences() -> None:
    for s in split_sentences(A + " " + B):
        if "He added" not in s and "bakeries" not in s:
            assert reject_reason(A[s[0]:s[1]] if False else (A + " " + B)[s[0]:s[1]]) is None


def test_lower_case_start_is_no_signal_in_a_lower_cased_article() -> None:
    low = ("officials in the valley said on monday that the river had reached its highest level since records "
           "began, and that the council would open two shelters for families from the lower town. ") * 3
    cased = ("Officials in the Lennet valley said on Monday that the river had reached its highest level since "
             "records began, and that Marrowfield council would open two shelters for families. ") * 3
    assert lower_cased(low) and not lower_cased(cased) and not lower_cased("too short to tell")
    frag = "a number of residents gathered at the bridge on tuesday night to watch the water rise."
    assert reject_reason(frag) == "fragment: starts in lower case"
    assert reject_reason(frag, cased=False) is None
    a = Article.create(low + "\n" + frag, "low.txt", sentences=split_sentences(low + "\n" + frag))
    assert eligible(a)[-1] is None
    b = Article.create(cased + "\n" + frag, "cased.txt", sentences=split_sentences(cased + "\n" + frag))
    assert eligible(b)[-1] == "fragment: starts in lower case"


def test_caption_paragraph_above_a_credit_is_marked() -> None:
    text = ("The council voted on the plan late on Tuesday night.\n"
            "Council members at the table.  They sit across from each other.\n"
            "The budget passed narrowly [John Doe/Pool via AFP]\n"
            "The mayor thanked the council for its work on the plan.")
    caps = caption_lines(text)
    marked = [text[s:e] for s, e in caps]
    assert any("sit across" in m for m in marked) and any("via AFP" in m for m in marked)
    assert not any("thanked" in m for m in marked)


def test_sentence_before_an_inline_photo_credit_is_a_caption() -> None:
    # captions run into the text of a scraped page: the sentence a credit follows is the caption
    text = ("Harbour fees rose by a tenth this year to pay for the clean-up of the bay. "
            "Wrecked boats wait for removal at the old pier in Port Ellis. Photo / Supplied Hundreds of "
            "abandoned boats litter the bay and cost the town a fortune every year. The mayor said the fee "
            "would rise again next year. Photos: the harbour through the years in pictures and words. "
            "The mayor speaks at the harbour office on Monday. ( AP Photo/Jane Roe ) The council met for an hour. "
            "Fishing boats return to the quay at dawn. ( AP Photo/Jane... The catch was the best in years.\n"
            "Crews removed four boats from the harbour last week.\nPhoto: Jane Roe")
    a = art(text, "inline.txt")
    got = dict(zip(a.sentence_texts(), eligible(a), strict=True))
    assert got["Wrecked boats wait for removal at the old pier in Port Ellis."] == "caption (a photo credit follows it)"
    assert got["Harbour fees rose by a tenth this year to pay for the clean-up of the bay."] is None
    assert got["The mayor said the fee would rise again next year."] is None  # a gallery link follows
    assert got["The mayor speaks at the harbour office on Monday."] == "caption (a photo credit follows it)"
    assert got["Fishing boats return to the quay at dawn."] == "caption (a photo credit follows it)"
    assert got["Crews removed four boats from the harbour last week."] is None  # the credit is on its own line


def test_sentence_opening_with_a_credit_or_player_notice_is_rejected() -> None:
    for text in ("Photograph: Jane Roe/Getty Images health problems that blighted the general may have had a cause.",
                 "Credit: iStock struggling with that last minute exam preparation, researchers are here to help.",
                 "( Jane Roe/The Daily Courier ) Republican candidates criticised the foreign policy of the city.",
                 "Sputnik/Jane Roe/Kremlin via Reuters Iran and Russia are the main allies of the government there.",
                 "Image caption The find shores up the idea that the first dinosaurs evolved in the south.",
                 "Photos: the mayor's life in the harbour town through all the long years.",
                 "The mayor arrives at the court on Tuesday. ( AP Photo/Jane Roe ) ( Associated Press ) The mayor was late.",
                 "Elections in the harbour town Jane Roe/AP Photo the mayor defeats her rival in the vote.",
                 "Wayne Lotter credit: the harbour foundation Wayne Lotter, the co-founder, was shot on Monday.",
                 "Media playback is unsupported on your device media caption The hostage was held for a year."):
        assert reject_reason(text) in ("caption or credit", "boilerplate"), text
    assert reject_reason("( CNN ) The student stared at the acceptance letter in front of him for a minute.") is None
    assert reject_reason("Credit card debt rose by a tenth in the year to March, the central bank said.") is None


def test_dangling_detection() -> None:
    assert is_dangling("He added that taxes would not rise.")
    assert is_dangling("However, the plan failed.")
    assert is_dangling("“But that is not all,” she said.")
    assert not is_dangling("Heathrow reopened on Monday.")
    assert not is_dangling("The mayor spoke.")


def test_sentences_that_need_their_antecedent() -> None:
    assert needs_antecedent("He added that taxes would not rise.")
    assert needs_antecedent('"Hope this meeting can help," she said.')  # who is "she"?
    assert needs_antecedent("The plan is dead, they told reporters on Monday.")
    assert needs_antecedent("“In the current situation, we can work together.”")  # whose words?
    assert needs_antecedent("The two posed for a photo before the talks.")
    assert not needs_antecedent("“We can work together,” the mayor said.")
    assert not needs_antecedent("The mayor said the plan is dead.")
    assert not needs_antecedent("“Yes,” said Ms Okafor. “We will.”")  # attribution between the quotes
    assert not needs_antecedent("Shepherd said: “We will.”")
    # a definite noun for what the previous sentence said or did, as the subject
    assert needs_antecedent("The announcement came shortly after the chief executive appeared.")
    assert needs_antecedent("The move, announced on Monday, angered the unions.")
    assert needs_antecedent("The decision came as a surprise to investors.")
    assert not needs_antecedent("The decision of the court was final.")  # defined where it stands
    assert not needs_antecedent("The announcement by the minister was welcomed.")
    assert not needs_antecedent("The movement grew through the spring.")
    # a pronoun subject after a short fronted phrase
    assert needs_antecedent("By last year it carried an estimated 9,000 people a day.")
    assert needs_antecedent("On Sunday, he said the talks had failed.")
    assert not needs_antecedent("Last week it emerged that the firm knew.")  # the empty "it"
    assert not needs_antecedent("On Sunday the mayor closed the bridges.")
    # names and compounds that only look like a reference; a pronoun whose referent follows it
    assert not needs_antecedent("The ruling party won a majority in the assembly.")
    assert needs_antecedent("The ruling was overturned on appeal in May.")
    assert needs_antecedent("The decision shot down hopes of a quick deal.")
    assert needs_antecedent("After he resigned, the company collapsed within a year.")  # who is "he"?
    assert needs_antecedent("After he was sworn in, Parliament met.")
    assert not needs_antecedent("The news agency reported the fire on Monday.")
    assert not needs_antecedent("The Move Forward Party won the most seats.")
    assert not needs_antecedent("Since it opened in 1990, the museum has drawn millions of visitors.")
    assert not needs_antecedent("After she took office, Mayor Okafor closed the depot.")
    assert needs_antecedent("After he resigned, he moved to Lisbon.")
    # a participle phrase, then a pronoun subject: who?
    assert needs_antecedent("Admired throughout the world, she built goodwill for the US in solo trips to Greece.")
    assert needs_antecedent("Born in Leeds, he moved to London in 1990.")
    assert not needs_antecedent("Born in Leeds, the singer moved to London in 1990.")
    assert needs_antecedent("The news came as a shock to the village.")


def test_dangling_sentence_only_after_its_antecedent() -> None:
    s = ExtractiveSummarizer(embeddings=False)
    st_ = story()
    for words in (20, 40, 60, 200):
        out = s.summarize(st_, words=words)
        texts = [x.text for x in out]
        for k, t in enumerate(texts):
            if t.startswith("He added"):
                assert k > 0 and texts[k - 1].startswith("The mayor said")


def test_pronoun_speaker_and_bare_quote_only_after_their_antecedent() -> None:
    a = art("The council approved the housing plan on Tuesday after a long debate. "
            "Mayor Jane Holt spoke to residents outside the town hall after the vote. "
            "“The housing plan will build four hundred homes by the end of next year,” she said. "
            "“Nobody in this town should have to wait years for a home of their own.”", "q.txt")
    st_ = Story(id="q", label="q", articles=[a])
    texts = a.sentence_texts()
    for words in (10, 25, 40, 60, 200):
        out = [x.text for x in ExtractiveSummarizer(embeddings=False).summarize(st_, words=words)]
        for k in (2, 3):
            if texts[k] in out:
                assert out.index(texts[k]) > 0 and out[out.index(texts[k]) - 1] == texts[k - 1]


def test_summary_cites_supporting_sources_only() -> None:
    s = ExtractiveSummarizer(embeddings=False)
    st_ = story()
    out = s.summarize(st_, words=200)
    arts = st_.by_id()
    by_text = {x.text: x for x in out}
    first = next(x for x in out if x.text.startswith("The city council approved"))
    cited = {c.text_in(arts) for c in first.citations[1:]}
    assert any(t.startswith("On Tuesday the city council approved") for t in cited)
    assert not any("bakeries" in t for t in cited)
    for x in by_text.values():
        assert all(sup >= SUPPORT_MIN for sup in x.support[1:])
        assert x.independent_sources == len({c.article_id for c in x.citations})


def test_wire_copies_count_once() -> None:
    st_ = story()
    copy = art(A + " Copyright wire text.", "wire.txt")
    st_.articles.append(copy)
    st_.wire_groups = [[st_.articles[0].id, copy.id]]
    out = ExtractiveSummarizer(embeddings=False).summarize(st_, words=200)
    for x in out:
        assert x.independent_sources == st_.independent_count(c.article_id for c in x.citations)
        assert x.independent_sources <= len(x.citations)


def test_citer_threshold() -> None:
    assert supports(0.9, 0.5)
    assert not supports(0.9, 0.05)  # no shared content words: never cited
    assert not supports(0.2, 0.3)
    c = Citer(story())
    a, b = c.story.articles[0], c.story.articles[1]
    cos, lex = c.measure(a.sentence_spans()[0], b.sentence_spans()[1])  # council vs bakeries
    assert not supports(cos, lex)


def test_facts_drive_citations_and_redundancy() -> None:
    st_ = story()
    a, b, c = st_.articles
    st_.facts = [Fact("f1", a.sentence_texts()[0], [a.sentence_spans()[0], b.sentence_spans()[0],
                                                     c.sentence_spans()[0]], [a.id, b.id, c.id], 3)]
    cand = build(st_)
    i = cand.spans.index(a.sentence_spans()[0])
    k = cand.spans.index(a.sentence_spans()[1])
    corr = list(FEATURES).index("corroboration")
    assert cand.feats[i, corr] > cand.feats[k, corr]  # the fact's sources corroborate it
    j = cand.spans.index(b.sentence_spans()[0])
    assert cand.redundancy[i, j] >= 0.9  # they would cite each other: the same statement
    out = ExtractiveSummarizer(embeddings=False).summarize(st_, words=200)
    firsts = {s.citations[0] for s in out}
    assert len(firsts & {a.sentence_spans()[0], b.sentence_spans()[0]}) <= 1
    first = next(s for s in out if s.citations[0] in {a.sentence_spans()[0], b.sentence_spans()[0]})
    assert len(first.citations) >= 2  # cited from the fact's other spans


def test_contradicting_claim_is_never_cited_as_support() -> None:
    st_ = story()
    a, b, _ = st_.articles
    sa, sb = a.sentence_spans()[0], b.sentence_spans()[0]
    citer = Citer(st_)
    assert sb in citer.cite(sa)[0]  # the two budget sentences support each other...
    st_.contradictions = [Contradiction("number", "budget", [sa, sb], ["40 million", "40 million"])]
    assert sb in Citer(st_).cite(sa)[0]  # ...a "contradiction" whose sides agree changes nothing...
    st_.contradictions = [Contradiction("weekday", "day of the vote", [sa, sb], ["Tuesday", "Wednesday"])]
    assert sb not in Citer(st_).cite(sa)[0]  # ...but opposite sides of a real one never cite each other
    assert sa not in Citer(st_).cite(sb)[0]


def _reading(st_: Story) -> list:
    from newsweave.summarize.select import reading_order

    c = build(st_)
    return [c.spans[i] for i in reading_order(c, list(range(len(c))))]


def test_timeline_orders_dated_sentences_after_the_lede() -> None:
    st_ = story()
    a, b, c = st_.articles
    lede, late, early = a.sentence_spans()[0], a.sentence_spans()[1], c.sentence_spans()[1]
    st_.meta["reference_dates"] = {x.id: {"date": "2024-03-05", "mode": "near", "source": "story"} for x in (a, b, c)}
    st_.timeline = [TimelineEntry("2024-03-05", "day", [late], [], [a.id]),
                    TimelineEntry("2024-03-01", "day", [early], [], [c.id]),
                    TimelineEntry("2024-03-06", "day", [lede], [], [a.id])]
    order = _reading(st_)
    assert order[0] == lede  # the lede opens, although its day is the latest
    assert order.index(early) < order.index(late)  # dated news in date order after it
    base = _reading(story())
    assert base[0] == lede and base.index(late) < base.index(early)  # (undated: source position)


def test_ledes_open_in_the_order_their_articles_were_written() -> None:
    from newsweave.clean.sentences import split_sentences

    def dated(text: str, src: str, **kw: str) -> Article:
        a = art(text, src, **kw)
        a.sentences = split_sentences(a.text)
        return a

    wire = dated("KELVAIG (Meridian) — The ferry ran aground on the reef on Sunday evening with 212 passengers "
                 "aboard. Lifeboats took them off.", "wire.txt")
    later = dated("Investigators said on Thursday that the ferry's chart was out of date. The inquiry goes on.",
                  "later.txt", published="2026-10-09")
    st_ = Story(id="s2", label="ferry", articles=[later, wire])
    # the wire copy has no date of its own; a dated copy of it came out on the 5th
    st_.meta["reference_dates"] = {wire.id: {"date": "2026-10-05", "mode": "past", "source": "copy"},
                                   later.id: {"date": "2026-10-09", "mode": "past", "source": "metadata"}}
    order = [sp.text_in(st_.by_id())[:12] for sp in _reading(st_)]
    assert order[:2] == ["The ferry ra", "Investigator"]  # the dateline does not push the wire's lede back
    st_.meta["reference_dates"][wire.id]["source"] = "story"  # only the story's anchor: no date of its own
    assert [sp.text_in(st_.by_id())[:12] for sp in _reading(st_)][0] == "Investigator"


def test_background_and_coarse_dates_keep_their_source_position() -> None:
    base = _reading(story())
    st_ = story()
    a, b, c = st_.articles
    st_.meta["reference_dates"] = {x.id: {"date": "2024-03-05", "mode": "near", "source": "story"} for x in (a, b, c)}
    late, early = a.sentence_spans()[1], c.sentence_spans()[1]
    # months before the article's date ("after a meeting in November"), or only a month or a year
    for entry in (TimelineEntry("2023-11-20", "day", [early], [], [c.id]),
                  TimelineEntry("2024-03", "month", [early], [], [c.id]),
                  TimelineEntry("2024", "year", [early], [], [c.id])):
        st_.timeline = [TimelineEntry("2024-03-05", "day", [late], [], [a.id]), entry]
        assert _reading(st_) == base


def test_sentence_budget() -> None:
    out = ExtractiveSummarizer(embeddings=False).summarize(story(), words=None, sentences=2)
    assert 1 <= len(out) <= 2


def test_registry() -> None:
    assert "extractive" in available()
    with pytest.raises(KeyError):
        get("no-such-backend")

    class Lead:
        name = "lead-test"

        def summarize(self, story, words=200, sentences=None):  # noqa: ANN001, ANN201
            return []

    register("lead-test", Lead)
    assert get("lead-test").summarize(story()) == []


def test_story_from_json_round_trip() -> None:
    st_ = story()
    st_.summary = ExtractiveSummarizer(embeddings=False).summarize(st_, words=100)
    d = st_.to_json()
    back = story_from_json(d, list(reversed(st_.articles)))
    assert back.article_ids == st_.article_ids
    assert back.to_json() == d


_WORDS = st.sampled_from("council budget bridge school mayor vote plan tax city river road court judge "
                         "police fire storm rain market price bank loan".split())
_SENT = st.lists(_WORDS, min_size=3, max_size=25).map(lambda ws: "The " + " ".join(ws) + " was approved.")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(st.lists(_SENT, min_size=1, max_size=8), min_size=1, max_size=4),
       words=st.integers(min_value=10, max_value=300))
def test_budget_never_exceeded_and_spans_valid(docs: list[list[str]], words: int) -> None:
    arts = {}
    for k, sents in enumerate(docs):
        a = art(" ".join(sents), f"d{k}.txt")
        arts.setdefault(a.id, a)
    st_ = Story(id="h", label="h", articles=list(arts.values()))
    out = ExtractiveSummarizer(embeddings=False).summarize(st_, words=words)
    assert sum(len(s.text.split()) for s in out) <= words
    by_id = st_.by_id()
    for s in out:
        assert s.citations[0].text_in(by_id) == s.text
        for c in s.citations:
            assert 0 <= c.start < c.end <= len(by_id[c.article_id].text)
            assert (c.start, c.end) in by_id[c.article_id].sentences
        assert all(x >= SUPPORT_MIN for x in s.support[1:])


def test_standardised_blend_gives_model_and_prior_equal_say() -> None:
    """With ``blend: standard`` the learned part and the news prior are standardised over the story
    before they are summed: the prior's larger raw spread no longer decides alone, and a shift of the
    model's output changes nothing."""
    import numpy as np

    from newsweave.summarize import scorer

    k = len(FEATURES)
    x = np.zeros((3, k))
    x[:, FEATURES.index("inv_pos")] = [1.0, 0.5, 0.0]  # prior: row 0 best, by a wide raw margin
    x[:, FEATURES.index("log_len")] = [0.0, 3.0, 1.0]  # model: row 1 best, by a small raw margin
    coef = [0.0] * k
    coef[FEATURES.index("log_len")] = 0.01
    model = {"kind": "linear", "features": list(FEATURES), "mean": [0.0] * k, "scale": [1.0] * k,
             "coef": coef, "intercept": 0.0, "prior_weight": 1.0}
    raw = scorer.score(x, model)
    assert int(np.argmax(raw)) == 0  # the prior decides alone
    std = scorer.score(x, model | {"blend": "standard"})
    assert int(np.argmax(std)) == 1  # z(model) + z(prior): row 1 is best on balance
    shifted = scorer.score(x, model | {"blend": "standard", "intercept": 5.0})
    assert np.allclose(std, shifted)
    assert np.allclose(scorer.score(x, model | {"prior_weight": 0.0}), 0.01 * x[:, FEATURES.index("log_len")])


def test_a_title_case_headline_run_into_its_lede_is_no_summary_sentence() -> None:
    from newsweave.clean.quality import reject_reason

    glued = ["Pauline Tantot Sizzles In Metallic Pink Mini Dress On Instagram Pauline Tantot shared a new photo set "
             "with her fans a day ago.",
             "Downtown Says Adios to 2019 With Celebrate SA Firework Show Visitors and locals celebrated New Year's "
             "Eve in style."]
    for t in glued:
        assert reject_reason(t) == "headline run into the sentence"
        assert reject_reason(t.lower(), cased=False) != "headline run into the sentence"  # a lower-cased release
    for t in ["The People's Bank of China said on its website it will cut the reserve requirement ratio.",
              "Malaysia Airlines Chairman Mohammed Nor Yusof described the situation as unprecedented.",
              "PATNA: The Patna Municipal Corporation was fourth lowest among the cities in the survey.",
              "(18:28 GMT, 8 March) After the loss of radar, a satellite picked up data from the plane."]:
        assert reject_reason(t) != "headline run into the sentence"


def test_an_unnamed_his_or_her_waits_for_its_antecedent() -> None:
    from newsweave.model import Entity
    from newsweave.summarize.features import unresolved_pronouns

    texts = ["Cazimir was sentenced to eight years in prison.",
             "Outside the court, supporters waved flags and chanted his name.",
             "Cazimir said his lawyers would appeal.",
             "The former minister said his lawyers would appeal.",
             "“We will find him,” the sheriff said.",
             "Her lawyers said nothing."]  # an opening pronoun is is_dangling's
    a = Article.create(" ".join(texts), "a")
    spans, at = [], 0
    for t in texts:
        spans.append(Span(a.id, at, at + len(t)))
        at += len(t) + 1
    st_ = Story(id="s", label="x", articles=[a])
    assert unresolved_pronouns(st_, spans, texts) == [False] * 6  # no NER: nothing to tell
    st_.entities = [Entity("e1", "Cazimir", "PERSON", ["Cazimir"], [Span(a.id, 0, 7), Span(a.id, spans[2].start,
                                                                                              spans[2].start + 7)],
                           [a.id])]
    assert unresolved_pronouns(st_, spans, texts) == [False, True, False, False, False, False]


def test_the_writers_own_first_person_is_no_summary_sentence() -> None:
    from newsweave.summarize.features import writer_voice

    assert writer_voice("I have covered the docks at Calverton for twenty years.")
    assert writer_voice("In my view the offer is too high for the port to bear.")
    assert not writer_voice("World War I ended in 1918, and Phase I of the plan began.")
    assert not writer_voice("world war i was the first war fought on three continents.")  # lower-cased text
    for name in ("The My Lai massacre shocked the nation.", "Elizabeth I ruled England for 44 years.",
                 "Category I hurricanes are the weakest, forecasters said."):
        assert not writer_voice(name)
    assert writer_voice("When I arrived at the harbour, the gates were shut.")
    assert not writer_voice("“I will stay until the offer is fair,” she said.")
    assert not writer_voice("Leave me alone, the driver told reporters.")
