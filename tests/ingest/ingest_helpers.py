"""Texts shared by the ingest tests (written for the tests, not taken from any source)."""

BODY = ("The harbour authority reopened the northern bridge on Tuesday after three weeks of repairs, "
        "officials said. Traffic returned to normal by the evening rush hour, and the city council "
        "promised a full report on the cost of the work before the end of the month.")
BODY2 = ("Farmers in the eastern valley began the apple harvest early this year because of a warm spring. "
         "Growers said the crop was larger than last season, although prices at the regional market "
         "fell for the second week in a row as supply outpaced demand from local shops.")
