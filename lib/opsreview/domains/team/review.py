"""The team's part of the review: headcount, where people came or went, each group's month."""

from __future__ import annotations

from opsreview.judging.review import Facts, kpi_label, kpi_sentence
from opsreview.judging.verdicts import GOOD
from opsreview.pages.kpis import with_unit


def review_team(x: Facts) -> None:
    f, t = x.f, x.t
    if x.has("headcount", "groups"):
        groups = [x.say("group", group=t.group(g), n=t.format(n, "int"))
                  for g, n in (f.get("group_headcount") or {}).items()]
        before = f.get("headcount_previous", x.prev.get("headcount"))
        moved = "" if not isinstance(before, int | float) or before == f["headcount"] else \
            x.say("grew" if f["headcount"] > before else "shrank",
                  n=t.format(abs(f["headcount"] - before), "int"),
                  before=t.format(before, "int"), now=x.v("headcount"))
        changes = f.get("group_changes") or {}
        if moved and changes:  # where the people came or went
            sizes = set(changes.values())
            if len(sizes) == 1 and len(changes) > 1:  # 策划组、市场组各增加 1 人
                n = sizes.pop()
                moved += x.say("where_each", groups=x.join([t.group(g) for g in changes]),
                               n=t.format(abs(n), "int"), more=x.say(_more(n)))
            else:
                moved += x.say("where", moves=x.join([
                    x.say("move", group=t.group(g), n=t.format(abs(n), "int"),
                          more=x.say(_more(n))) for g, n in changes.items()]))
        x.about("headcount", "overview", also=("groups",), groups=x.v("groups"),
                breakdown=x.join(groups), moved=moved)
    judged = {row["kpi"] for row in x.kpis if kpi_sentence(row, t) is not None}
    rows = {row["kpi"]: row for row in x.kpis if row["kpi"] not in judged
            and row.get("value") is not None}
    sizes = f.get("group_headcount") or {}
    for group, keys in x.cfg.group_work.items():  # each group's month, as the seed says it
        work = [_work_item(x, rows[k]) for k in keys if k in rows]
        if work:
            size = x.say("group_size", n=t.format(sizes[group], "int")) if group in sizes else ""
            # the group's output this month: what the seed lists as the team's results
            x.add(GOOD, x.say("work", group=t.group(group), size=size, items=x.join(work)),
                  figures=tuple(k for k in keys if k in rows))


def _work_item(x: Facts, row: dict) -> str:
    """A hand-kept figure inside a group's line: 发货准确率 99% / shipping accuracy (99%)."""
    label = kpi_label(row, x.t)
    return x.say("work_item", label=x.t.inline(label) if x.t.lang == "en" else label,
                 space="" if label.endswith("）") else " ",
                 value=with_unit(row["value"], row["unit"], x.t, row["kpi"]))


def _more(n: int) -> str:
    return "more" if n > 0 else "fewer"
