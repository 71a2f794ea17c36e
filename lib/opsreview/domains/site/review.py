"""The fishery portal's part of the review: its launch, speed, faults, articles, coverage."""

from __future__ import annotations

from opsreview.judging import fmt
from opsreview.judging.insights import ALERT, MILESTONE
from opsreview.judging.review import Facts
from opsreview.judging.verdicts import BAD, INFO


def review_site(x: Facts) -> None:
    f, t = x.f, x.t
    site = f.get("site") or ""
    name = (x.cfg.site(site) or {}).get("name") or site
    if x.has("first_week_avg_daily_uv", "launched_on"):
        x.about("first_week_avg_daily_uv", "launch", kind=MILESTONE, brief="brief.launch",
                name=name, site=site, date=t.format(f["launched_on"], "date"))
    elif x.has("avg_daily_uv"):
        x.add(INFO, x.say("avg_uv", name=name, uv=x.v("avg_daily_uv")))
    if x.has("load_seconds_start", "load_seconds_end") \
            and f["load_seconds_start"] != f["load_seconds_end"]:
        faster = f["load_seconds_end"] < f["load_seconds_start"]
        x.add(faster, x.say("load_faster" if faster else "load_slower",
                            start=fmt.duration(f["load_seconds_start"], "seconds", t.lang),
                            end=fmt.duration(f["load_seconds_end"], "seconds", t.lang)))
    if x.has("other_faults", "other_faults_resolved"):
        x.about("fault_resolution_rate", "faults", n=x.v("other_faults", "int"),
                resolved=x.v("other_faults_resolved", "int"))
    if f.get("open_faults"):  # a fault still open at the month's end is a problem of its own
        which = x.join([x.say("fault", date=t.format(o["started_at"][:10], "date"),
                              kind=t.enum("site_incidents", "kind", o["kind"]))
                        for o in f["open_faults"]])
        n = t.format(len(f["open_faults"]), "int")
        x.add(BAD, x.say("open_faults", n=n, which=which), ALERT,
              brief=x.say("brief.open_faults", n=n, which=which))
        x.aim(x.say("aims.open_faults", which=which))
    x.about("articles_per_day", "articles")
    topics = f.get("uncovered_core_topics") or []
    if topics and x.has("core_topics_covered", "core_topics_planned"):
        x.about("core_topic_coverage", "coverage", covered=x.v("core_topics_covered", "int"),
                planned=x.v("core_topics_planned", "int"), topics=x.join(topics[:2]),
                uncovered=t.format(len(topics), "int"))
    if x.has("timeouts"):
        x.about("timeout_mttr_minutes", "timeouts", n=x.v("timeouts", "int"))
    if x.has("consultations_reviewed"):
        x.about("consultation_accuracy", "accuracy",
                reviewed=x.v("consultations_reviewed", "int"))
