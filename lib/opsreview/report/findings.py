"""The tags a view gives its own observations for a page's findings (report.page.findings).

What a page says about its figures (met, missed, better, worse) and next month's aims is the
domain's part of the written review (report/review.py, on the verdicts of report/verdicts.py);
a view adds only plain observations of its own, tagged with the verdicts' sides (verdicts.GOOD,
BAD, INFO), and may tag a suggestion AIM when the review part already makes it (it is then not
repeated).
"""

AIM = "aim"  # a view's own suggestion: the review part's aims are the page's aims
