"""The SEO team's part of the review: downgraded sites, strategy trials, the top 10."""

from __future__ import annotations

from opsreview.judging.insights import ALERT, Editorial
from opsreview.judging.labels import Labels
from opsreview.judging.review import Facts
from opsreview.judging.verdicts import BAD, GOOD, INFO, is_number, rank_words


def review_seo(x: Facts) -> None:
    f, t = x.f, x.t
    named = [c for c in f.get("collapses") or []
             if all(c.get(k) is not None for k in ("site", "date", "pages_before", "pages"))]
    for c in named:
        words = {"site": c["site"], "date": t.format(c["date"], "date"),
                 "before": t.format(c["pages_before"], "int"),
                 "after": t.format(c["pages"], "int")}
        x.add(BAD, x.say("collapse", **words), ALERT, brief=x.say("brief.collapse", **words))
        x.aim(x.say("aims.collapse", site=c["site"]))
    if not named and f.get("index_collapses"):
        x.aim(x.say("aims.collapses"))
    collapses = x.verdicts.get("index_collapses")
    if named and collapses is not None and collapses.side != GOOD:
        x.out.said["index_collapses"] = ""  # the downgraded sites say it
    improved = x.verdicts.get("improved_share")
    if named and improved is not None and improved.side == BAD:  # said beside the collapse
        x.about("improved_share", "improved_collapse",
                sites=t.join([c["site"] for c in named]))
    best = f.get("best_trial") or {}
    if best.get("relative_change") is not None and best["relative_change"] < 0:
        x.add(GOOD, x.say("best_trial", **_trial_words(best, t)))
    worst = f.get("worst_trial") or {}
    if worst.get("relative_change") is not None and worst["relative_change"] > 0:
        fell = worst.get("site") in {c["site"] for c in named}  # the collapse, not the trial
        words = _trial_words(worst, t)
        x.add(INFO if fell else BAD,
              x.say("worst_trial", **words, strategy_inline=t.inline(words["strategy"]),
                    collapsed=x.say("worst_collapsed") if fell else ""), figures=("worst_trial",))
    top, listed = x.verdicts.get("top10_share"), x.verdicts.get("keywords")
    if top is not None and listed is not None and is_number(top.previous) \
            and is_number(listed.previous) and listed.value != listed.previous:
        now, before = (round(k * s) for k, s in ((listed.value, top.value),
                                                 (listed.previous, top.previous)))
        if now != before and (now > before) != (top.value > top.previous):
            # more keywords watched: the count in the top 10 is the news, not its share
            more = listed.value > listed.previous
            x.place(top, x.say("top10_count" if more else "top10_count_fewer",
                               n=t.format(now, "int"),
                               before=t.format(before, "int"), value=x.v("top10_share"),
                               added=t.format(abs(listed.value - listed.previous), "int")),
                    side=INFO)
            x.out.said["keywords"] = ""  # the sentence says how many more are watched
    if x.has("no_effect_share", "strategy_trials"):
        v = x.verdicts.get("no_effect_share")
        words = {"trials": x.v("strategy_trials", "int"),
                 "idle": t.format(round(f["no_effect_share"] * f["strategy_trials"]), "int")}
        if f["strategy_trials"] < Editorial(x.cfg).settings["least_items"]:
            # a share of a handful of trials moves by chance: said, not judged by its move
            x.add(INFO, x.say("no_effect_few", value=x.v("no_effect_share", "percent"),
                              **words), figures=("no_effect_share",))
            x.out.said["no_effect_share"] = ""
        else:  # fewer trials without effect is an achievement, said as the fall it is
            better = v is not None and v.side == GOOD
            x.about("no_effect_share", "no_effect_better" if better else "no_effect",
                    before=t.format(v.previous if v is not None else None, "percent"), **words)
    for s in f.get("split_strategies") or []:
        if not (s.get("strategy") and s.get("best_site") and s.get("weakest_site")):
            continue
        x.add(BAD, x.say("split", strategy=t.inline(t.enum("seo_actions", "strategy",
                                                           s.get("strategy"))),
                         best=s.get("best_site"), weakest=s.get("weakest_site")))
        x.aim(x.say("aims.trials"))


def _trial_words(trial: dict, t: Labels) -> dict:
    """A strategy trial (metrics `best_trial` / `worst_trial`) for its sentence: the site, the
    strategy, the mean rank before and after, and the move in places."""
    before, after = trial["baseline_mean_rank"], trial["end_mean_rank"]
    return {"site": trial.get("site"), "before": t.format(before, "number"),
            "strategy": t.enum("seo_actions", "strategy", trial.get("strategy")),
            "after": t.format(after, "number"), "change": rank_words(before, after, t)}
