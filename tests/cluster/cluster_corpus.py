"""Small synthetic corpora for the dedup/cluster tests (three fictional events, four articles each)."""

from __future__ import annotations

from newsweave.model import Article

EVENTS = {
    "quake": ("A magnitude 6.8 earthquake struck Valdoria province near the town of Kessel on Tuesday, "
              "collapsing 40 buildings and killing at least 12 people, the Valdorian civil protection agency said.",
              ["Rescue teams from Kessel searched the rubble through the night.",
               "The Valdoria quake was felt as far away as the capital, Marrow.",
               "Officials in Kessel said 300 people were injured by the earthquake.",
               "Aftershocks of magnitude 4.9 shook Valdoria on Wednesday morning."]),
    "election": ("Voters in Ostrand elected Mira Halvorsen as mayor on Sunday, ending 16 years of rule by the "
                 "Harbour Party, according to official results from the Ostrand electoral board.",
                 ["Halvorsen won 54 percent of the vote in Ostrand.",
                  "The Harbour Party conceded defeat late on Sunday night in Ostrand.",
                  "Halvorsen promised to rebuild the Ostrand tram network within four years.",
                  "Turnout in the Ostrand mayoral election reached 61 percent."]),
    "merger": ("Brightwater Foods agreed to buy rival Tellmark Dairy for 2.3 billion dollars, the companies "
               "announced on Thursday, creating the largest dairy group in the Northern Basin.",
               ["Brightwater shares rose 7 percent after the Tellmark deal was announced.",
                "Tellmark employs 5,400 people across the Northern Basin.",
                "Regulators must approve the Brightwater and Tellmark merger.",
                "Brightwater chief executive Ansel Roe called Tellmark a perfect fit."]),
}


KEYS = {"quake": "Valdoria and Kessel count the cost.", "election": "Ostrand and Halvorsen face a new era.",
        "merger": "Brightwater and Tellmark await regulators."}
FILLER = [  # one distinct closing line per article, so no two stories share boilerplate
    "Reporting was contributed by our regional desk.", "More details are expected in the coming days.",
    "Local media carried live coverage throughout the day.", "Follow-up reports will appear in later editions.",
    "Photographs from the scene were shared widely online.", "Several witnesses spoke to our team afterwards.",
    "Analysts offered differing views on what comes next.", "The story was updated twice during the evening.",
    "Readers sent questions that we will answer tomorrow.", "Our correspondent travelled there overnight by train.",
    "Archive footage from earlier years was broadcast too.", "A full transcript is available to subscribers.",
]


def event_texts() -> list[tuple[str, str]]:
    """(event, text): four articles per event sharing names and facts but not whole passages."""
    out = []
    for e, (ev, (lead, facts)) in enumerate(EVENTS.items()):
        for k in range(4):
            body = [lead] if k == 0 else []
            body += [facts[k], facts[(k + 1) % 4], FILLER[4 * e + k], KEYS[ev]]
            out.append((ev, " ".join(body)))
    return out


def articles_of(texts: list[tuple[str, str]], dates: list[str | None] | None = None) -> list[Article]:
    from newsweave.clean.sentences import split_sentences

    arts = []
    for i, (_, text) in enumerate(texts):
        d = dates[i] if dates else None
        arts.append(Article.create(text, f"t{i}.txt", sentences=split_sentences(text), published=d))
    return arts
