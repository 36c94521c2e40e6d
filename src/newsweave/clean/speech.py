"""Speech verbs and quotation marks: the one list that every attribution rule uses (the sentence splitter's "closing quote
then attribution", the quote extractor's speaker patterns, the summariser's "…, she said" check).

A regex alternation of lower-case verb forms, so callers can embed it: ``rf"\\b(?:{VERBS})\\b"``.
"""

from __future__ import annotations

import re

VERBS = (r"said|says|say|told|tells|added|adds|stressed|warned|asked|insisted|wrote|writes|tweeted|argued|"
         r"explained|noted|stated|vowed|declared|continued|replied|responded|recalled|admitted|acknowledged|"
         r"conceded|claimed|claims|promised|urged|cautioned|remarked|announced|posted|testified|pledged|"
         r"predicted")

# a quotation: text between straight or curly double quotes, or single quotes around 8+ characters
QUOTATION = re.compile(r"“[^”\n]{2,}?”|\"[^\"\n]{2,}?\"|(?<![\w])‘[^’\n]{8,}?’(?![\w])|(?<![\w])'[^'\n]{8,}?'(?![\w])")
