"""Times: find DATE / TIME / DURATION / SET expressions and normalize them to TIMEX3 values.

>>> import spacy
>>> from datetime import date
>>> times, _ = extract_times(spacy.blank("en")("He spoke on Thursday."), date(2022, 4, 1))
>>> times[0].value
'2022-03-31'
"""

from dateline.time.extract import extract_times
from dateline.time.rules import Timex, normalize

__all__ = ["Timex", "extract_times", "normalize"]
