"""The line-level boilerplate filter on texts written for these tests (not from any real site)."""

from __future__ import annotations

from ingest_helpers import BODY, BODY2

from newsweave.clean import clean_text, split_sentences
from newsweave.clean import patterns as pt

P3 = ("Engineers found that two of the original steel cables had worn thin, the authority said in a "
      "statement on its website. The replacement cables arrived from a foundry in the south last week.")


def test_site_chrome_lines_are_removed():
    chrome = ["Source link", "Related Posts", "Leave a Comment", "Your email address will not be published.",
              "Back to top button", "Share this article", "Subscribe to our newsletter for the latest updates",
              "Advertisement", "Read more: Council approves budget", "Click here to download the report",
              "We use cookies to give you the best experience on our website.", "Facebook Twitter WhatsApp Email",
              "Share | Tweet | Email", "Trending Now", "Skip to main content", "Tags: bridge, harbour, council",
              "Thank you for reading The Harbour News.", "Upgrade to premium for real-time alerts.",
              "Unlock unlimited access for 1 euro a week", "Become a member and support local journalism.",
              "Start your free trial today", "Share this: Facebook Twitter WhatsApp Email", "Home · World · Europe"]
    text = "\n\n".join([BODY, *chrome[:8], BODY2, *chrome[8:], P3])
    out, st = clean_text(text)
    assert out == "\n\n".join([BODY, BODY2, P3])
    assert all(reason in ("site chrome", "related links") for reason, _ in st.removed)


def test_chrome_detector_keeps_sentences_that_mention_the_words():
    for line in ["Readers can share this article with friends, the editor said on Monday.",
                 "Advertisement revenue fell by a third last year, the company reported.",
                 "The council will subscribe to a new water monitoring service next year.",
                 "The mayor said thanks for reading the report were owed to the clerks.",
                 "Upgrades to the premium lounge at the airport will cost 2 million euros, the operator said.",
                 "Members who switch to a premium plan pay 12 euros more, the club said on Tuesday.",
                 "Switch to Pro mode and the camera lets you set the shutter speed and ISO by hand.",
                 "Upgrade to Pro storage of 1 TB costs 100 euros more, the company said.",
                 "Upgrade to premium economy on the new route costs 300 euros, the airline said.",
                 "Tram line extension approved | Norden Express", "Cats | Dogs | Birds",
                 "Health | Education | Transport", "| News | Sport | Weather |"]:
        assert not pt.chrome(line)


def test_a_section_menu_is_no_headline():
    out, st = clean_text(f"Home | News | Sport | Weather\n\nTram line extension approved in Norden\n\n{BODY}\n\n{BODY2}")
    assert st.title == "Tram line extension approved in Norden" and out == f"{BODY}\n\n{BODY2}"


def test_captions_with_bracketed_credit_and_alt_text_are_removed():
    alt = "Two workers on the bridge deck.  They wear orange vests.  Cranes behind them."
    caption = "Repairs on the northern bridge took three weeks [Jane Doe/Pool via Harbour Photo Agency]"
    text = f"{BODY}\n\n{alt}\n{caption}\n\n{BODY2}\n\nA crane lifts a cable (Photo: John Roe/Getty Images)\n\n{P3}"
    out, st = clean_text(text)
    assert out == "\n\n".join([BODY, BODY2, P3])
    joined = " ".join(st.credits)
    assert "Jane Doe/Pool via Harbour Photo Agency" in joined and "John Roe/Getty Images" in joined


def test_pure_credit_line_and_caption_in_same_block():
    text = f"{BODY}\n\nThe bridge at dusk on Tuesday\nREUTERS/Ann Smith\n\n{BODY2}\n\n{P3}"
    out, st = clean_text(text)
    assert out == "\n\n".join([BODY, BODY2, P3])
    assert "REUTERS/Ann Smith" in st.credits


def test_credit_lines_go_to_credits():
    for line in ["With AFP and Reuters", "Additional reporting by Ann Smith in Lisbon",
                 "Reporting by Ann Smith; Editing by Bob Stone", "The Associated Press contributed to this report.",
                 "With agencies"]:
        out, st = clean_text(f"{BODY}\n\n{BODY2}\n\n{line}")
        assert out == f"{BODY}\n\n{BODY2}", line
        assert st.credits, line
    assert pt.credit("With the bridge closed, traffic moved to the ferry.") is None
    assert pt.credit("With Ukraine in mind, the US moved troops") is None


def test_byline_gives_author_and_outlet():
    out, st = clean_text(f"By Ann Smith | Valley Courier\n\n{BODY}\n\n{BODY2}")
    assert (st.author, st.outlet) == ("Ann Smith", "Valley Courier")
    assert out == f"{BODY}\n\n{BODY2}"
    _, st = clean_text(f"By Ann Smith, The Harbour Post\n\n{BODY}\n\n{BODY2}")
    assert (st.author, st.outlet) == ("Ann Smith", "The Harbour Post")
    assert pt.byline("By Sunday, the repairs were finished.") is None


def test_kicker_headline_standfirst_and_sections():
    text = (f"Local News\n\nBridge reopens after three weeks of repairs\n\n"
            f"The northern bridge reopened on Tuesday after repairs to its steel cables.\n\n"
            f"{BODY}\n\nWhat Went Wrong\n\n{P3}\n\n{BODY2}")
    out, st = clean_text(text)
    assert st.title == "Bridge reopens after three weeks of repairs"
    assert st.kickers == ["Local News"]
    assert st.standfirst and st.standfirst.startswith("The northern bridge reopened")
    assert out == f"{BODY}\n\n{P3}\n\n{BODY2}"
    secs = [(h, out.index(p.text)) for p in st.paras for h in p.sections]
    assert secs == [("What Went Wrong", out.index(P3))]


def test_no_standfirst_when_first_paragraph_is_unrelated():
    text = f"Harvest begins\n\nIt rained all day in the capital on Monday, forecasters said.\n\n{BODY}\n\n{P3}"
    out, st = clean_text(text)
    assert st.title == "Harvest begins" and st.standfirst is None
    assert out.startswith("It rained all day")


def test_headline_glued_to_first_paragraph_with_known_title():
    out, st = clean_text(f"Bridge reopens after repairs {BODY}\n\n{BODY2}", title="Bridge reopens after repairs")
    assert out == f"{BODY}\n\n{BODY2}"


def test_hard_wrapped_text_is_rejoined():
    wrapped = ("The harbour authority reopened the northern bridge on Tuesday after\n"
               "three weeks of repairs, officials said. Traffic returned to normal by\n"
               "the evening rush hour, and the city council promised a full report on\n"
               "the cost of the work before the end of the month.")
    out, _ = clean_text(wrapped + "\n\n" + BODY2)
    assert out == BODY + "\n\n" + BODY2


def test_sentences_offsets_quotes_and_abbreviations():
    text = ('Mr. Smith arrived in the U.S. on Jan. 5, officials said. "We are glad," he said. '
            "Dr. Jones left at 3 p.m. on Friday.\n\nA second paragraph starts here. It has two sentences.")
    spans = split_sentences(text)
    sents = [text[s:e] for s, e in spans]
    assert sents == ["Mr. Smith arrived in the U.S. on Jan. 5, officials said.", '"We are glad," he said.',
                     "Dr. Jones left at 3 p.m. on Friday.", "A second paragraph starts here.",
                     "It has two sentences."]
    assert all(text[s:e].strip() == text[s:e] and e > s for s, e in spans)


def test_military_and_police_title_abbreviations_end_no_sentence():
    text = '"We remain optimistic," said Cmdr. William Marks, a spokesman. Then Sgt. Jo Lee spoke. Cmdr. Bo Li left.'
    assert [text[s:e] for s, e in split_sentences(text)] == [
        '"We remain optimistic," said Cmdr. William Marks, a spokesman.', "Then Sgt. Jo Lee spoke.", "Cmdr. Bo Li left."]


def test_detached_quotation_marks_of_tokenised_text_end_and_start_sentences():
    # news released tokenised and lower-cased (Multi-News): quotation marks stand apart from the words
    text = ('officials were still determining if the claim is true. " as for the battle of paris, we claim it, '
            '" al-ansi said in the recording. He called it " a routine investigation. " police have no suspects '
            'yet. " zawahri\'s orders. " he said.')
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert sents == ["officials were still determining if the claim is true.",
                     '" as for the battle of paris, we claim it, " al-ansi said in the recording.',
                     'He called it " a routine investigation. "',
                     "police have no suspects yet.",
                     '" zawahri\'s orders. " he said.']  # an attribution keeps the closing mark's sentence going
    # ordinary text is untouched: quotation marks there are attached to the words
    plain = '"We are glad." He left. "Yes," she said.'
    assert [plain[s:e] for s, e in split_sentences(plain)] == ['"We are glad."', "He left.", '"Yes," she said.']


def test_an_opening_dateline_is_a_segment_of_its_own():
    from newsweave.clean.sentences import is_dateline

    for text, want in [
        ("BREVNIK, March 14, 2025 — The first funerals were held on Thursday.",
         ["BREVNIK, March 14, 2025 —", "The first funerals were held on Thursday."]),
        ("KESSHOLM (MPA) — Container traffic stayed frozen. It was bad.",
         ["KESSHOLM (MPA) —", "Container traffic stayed frozen.", "It was bad."]),
        ("LONDON, June 3 (Reuters) - Prices rose.", ["LONDON, June 3 (Reuters) -", "Prices rose."]),
        ("US Secretary of State Antony Blinken arrived.", ["US Secretary of State Antony Blinken arrived."]),
        ("AI — The technology is here.", ["AI — The technology is here."]),  # no city: two capitals
        ("NATO — the alliance said — agreed.", ["NATO — the alliance said — agreed."]),
        ("NASA — The agency said the probe was in orbit. Engineers cheered.",  # a name the sentence takes up
         ["NASA — The agency said the probe was in orbit.", "Engineers cheered."]),
        ("LINDHOLM - A new ferry terminal opened.", ["LINDHOLM -", "A new ferry terminal opened."]),
        ("HOUSTON — The company said it would cut 300 jobs.", ["HOUSTON —", "The company said it would cut 300 jobs."]),
        ("OSTRUM, 9 October 2026 — The office said.", ["OSTRUM, 9 October 2026 —", "The office said."]),
        ("PARIS, 3 June (AFP) - Prices rose.", ["PARIS, 3 June (AFP) -", "Prices rose."]),
    ]:
        assert [text[s:e] for s, e in split_sentences(text)] == want, text
    assert is_dateline("BREVNIK, March 14, 2025 —") and not is_dateline("The talks ended —")


def test_boundaries_nupunkt_keeps_inside_a_sentence_are_split():
    cases = {  # text -> sentences
        "They want remote-controlled cranes. Union leader Voss said no.":
            ["They want remote-controlled cranes.", "Union leader Voss said no."],
        "That is the same story. And it goes on.": ["That is the same story.", "And it goes on."],
        "O prof. Carlos Nadal spoke, approx. Five came.": ["O prof. Carlos Nadal spoke, approx. Five came."],
    }
    for text, want in cases.items():
        assert [text[s:e] for s, e in split_sentences(text)] == want, text


def test_headline_glued_without_space_is_split_safely():
    out, st = clean_text(f"Harbour bridge reopens after three weeks of repairs{BODY}\n\n{BODY2}")
    assert st.title == "Harbour bridge reopens after three weeks of repairs"
    assert out == f"{BODY}\n\n{BODY2}"
    lede = ("A court in Brennick on Tuesday sentenced the former minister to eight years in prison for taking "
            "bribes from a pipeline contractor.")
    out, st = clean_text(f"Ex-minister jailed in pipeline bribery case{lede}\n\n{BODY2}")  # a one-letter opener
    assert st.title == "Ex-minister jailed in pipeline bribery case" and out == f"{lede}\n\n{BODY2}"
    for text in ["Sony cuts the price of its new PlayStation consoles in Europe as sales slow for a third quarter.",
                 "The team tested its new Mark IIA variant in Sweden as engineers tried to fix the brakes and gears.",
                 "Apple launches cheaper iPhone models as the company tries to win back buyers in China."]:
        out, st = clean_text(text)
        assert out == text and st.title is None


def test_headline_behind_a_quoted_or_hashtag_kicker():
    for head in ["'Get out now': Residents of Marlow Bay flee the rising river",
                 "#MarlowFloods: Volunteers fill sandbags through the night"]:
        out, st = clean_text(f"{head}\n{BODY}\n\n{BODY2}")
        assert st.title == head and out == f"{BODY}\n\n{BODY2}"


def test_headline_run_into_flattened_text_by_a_dateline_or_a_repeat():
    flat = "Harbour bridge reopens after repairs"
    body = "The northern bridge reopened on Tuesday after three weeks of repairs to its steel cables, officials said."
    out, st = clean_text(f"{flat} PORT ELLIS, Marland (Coast Wire) — {body}")
    assert st.title == flat and out == f"PORT ELLIS, Marland (Coast Wire) — {body}"
    out, st = clean_text(f"{flat} By Ann Smith KESTON: {body}")
    assert (st.title, st.author) == (flat, "Ann Smith") and out == f"KESTON: {body}"
    out, st = clean_text(f"{flat} {flat} {body}")
    assert st.title == flat and out == body
    out, st = clean_text(f"{flat} (MENAFN - Harbour Post) {body}")  # an agency tag ends it too
    assert st.title == flat and out == f"(MENAFN - Harbour Post) {body}"
    out, st = clean_text(f"{flat} in Marland Keston, Jan 1 (IANS) {body}")  # with the place and day before it
    assert st.title == f"{flat} in Marland" and out == f"Keston, Jan 1 (IANS) {body}" and clean_text(out)[0] == out
    cap = "Photo: Jane Roe / Harbour Post"
    out, st = clean_text(f"{flat} {flat} {cap} {cap} {body}")  # a caption printed twice follows
    assert st.title == flat and out == body and clean_text(out)[0] == out
    assert clean_text(out)[0] == out  # idempotent: the dateline now opens the text
    # not a dateline: an abbreviation, a headline's own colon, a sentence before the capitals
    for text in [f"Pups find homes in northern B.C. VANCOUVER -- {body}",
                 f"New Year party in DTLA: {body}",
                 f"The bridge is open. It was closed for weeks. KESTON — {body}"]:
        out, st = clean_text(text)
        assert st.title is None and out == text


def test_a_whole_cookie_consent_paragraph_is_chrome():
    notice = ("We use cookies to make sure this site works and to measure how it is used. Some cookies come "
              "from advertising partners, who may follow what you read here to show you relevant offers. "
              "If you carry on without changing your settings, we take it that you accept all cookies on "
              "the Harbour Post. You can change your cookie settings at any time. Learn more")
    out, st = clean_text(f"{BODY}\n\n{notice}\n\n{BODY2}")
    assert out == f"{BODY}\n\n{BODY2}"
    news = ("Regulators said websites that use cookies to follow readers must ask first, and that a cookie "
            "banner which hides the refusal button breaks the rules; three cookie complaints were upheld.")
    assert not pt.chrome(news)


def test_title_case_headline_run_into_the_first_sentence():
    body = ("The year 2019 was a good one for the harbour authority, officials said on Tuesday, adding that "
            "traffic over the northern bridge had returned to normal after three weeks of repairs.")
    for head in ["Harbour Bridge Reopens in Time for the Holidays After Weeks of Repairs",
                 "Harbour chief repeatedly scolds drivers who ignore the bridge closure (VIDEO)"]:
        out, st = clean_text(f"{head} {body}")
        assert st.title == head and out == body
    # a sentence that opens with names is no headline
    text = ("Port Ellis City Mayor Ansel de Traum said the city will add 300 officers to the harbour patrol "
            "next month, after a rise in thefts from boats that the union had warned about for years.")
    assert clean_text(text) == (text, clean_text(text)[1]) and clean_text(text)[1].title is None


def test_sentence_case_headline_ends_where_an_opener_is_capitalised_mid_sentence():
    body = ("At least nine people died as Port Ellis was hit by severe flooding over the New Year, officials "
            "said, and thousands were moved to shelters as power was cut in low-lying districts.")
    out, st = clean_text(f"Marland: Port Ellis hit by deadly floods {body}")
    assert st.title == "Marland: Port Ellis hit by deadly floods" and out == body
    for text in [f"Officials in Port Ellis said that a{body[1:]}", f"The plan known as Plan A is ready. {body}",
                 f"Residents of The Hague and Port Ellis said on Monday that a{body[1:]}"]:
        assert clean_text(text)[1].title is None


def test_caption_ending_in_an_unbracketed_credit_is_dropped():
    text = f"{BODY}\n\nThe east pier at dawn. Photograph: Tomas Berg/Harbour Press\n\n{BODY2}\n\nA third paragraph here."
    body, st = clean_text(text)
    assert "east pier" not in body and "Photograph: Tomas Berg/Harbour Press" in st.credits
    assert pt.photo_credit("He said the photo: Tomas Berg is nice") is None  # no credit after a sentence end


def test_a_cut_off_copy_of_the_headline_gives_the_full_headline():
    text = f"Storm Closes Three Bridges As (...)\n\nStorm Closes Three Bridges As Ferries Halt\n\n{BODY}\n\n{BODY2}"
    body, st = clean_text(text)
    assert st.title == "Storm Closes Three Bridges As Ferries Halt" and body == f"{BODY}\n\n{BODY2}"
    assert not st.kickers


def test_single_quoted_quotations_split_in_two_are_fragments() -> None:
    from newsweave.clean.quality import _quotes_unbalanced, quote_open

    assert _quotes_unbalanced("Residents' group leader Grace Ndiaye-Holm said: 'People are exhausted.")
    assert _quotes_unbalanced("They want dates, not promises.'")
    assert quote_open("She said: 'We are tired. ")
    # possessives, a title in quotes, a closed quotation and "the '90s" are balanced
    for ok in ("The residents' group met on Friday.", "He called it 'Hamlet' in jest.", "It was the '90s, rock 'n' roll.",
               "She said: 'We will win.' Then she left.", "The boys' 'Big Night' was fun.", "He said, ‘No way.’"):
        assert not _quotes_unbalanced(ok), ok
