"""Texts shared by the ingest tests (written for the tests, not taken from any source)."""

BODY = ("The harbour authority reopened the northern bridge on Tuesday after three weeks of repairs, "
        "officials said. Traffic returned to normal by the evening rush hour, and the city council "
        "promised a full report on the cost of the work before the end of the month.")
BODY2 = ("Farmers in the eastern valley began the apple harvest early this year because of a warm spring. "
         "Growers said the crop was larger than last season, although prices at the regional market "
         "fell for the second week in a row as supply outpaced demand from local shops.")

_VOCAB = ("harbour bridge council market valley river school rail storm harvest mayor budget union strike "
          "ferry museum library hospital nurse teacher farmer port crane cargo ship engine tunnel road "
          "station airport pilot flight weather flood drought orchard vineyard factory worker wage tax "
          "court judge lawyer trial verdict police officer fire crew rescue volunteer charity festival "
          "concert theatre actor singer novel poet painter gallery stadium coach player match league "
          "season goal trophy island coast beach cliff forest mountain glacier lake canal village town "
          "city district province border minister senator election vote ballot campaign party leader").split()


def distinct_text(i: int, n_words: int = 40) -> str:
    """A made-up article body unlike any other index's (so near-duplicate detection leaves it alone)."""
    import random

    rng = random.Random(i)
    words = [rng.choice(_VOCAB) for _ in range(n_words)]
    sents = [" ".join(words[k : k + 10]) for k in range(0, n_words, 10)]
    return " ".join(s[0].upper() + s[1:] + f" number {i * 7 + j}." for j, s in enumerate(sents))
