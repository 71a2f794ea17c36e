"""The service's part of the review: load, first response, conversion, risks."""

from __future__ import annotations

from opsreview.judging.review import Facts
from opsreview.judging.verdicts import BAD, change_words


def review_service(x: Facts) -> None:
    f, t = x.f, x.t
    if x.has("sessions_per_agent_day", "peak_agent_day"):
        mix = [f"{t.enum('cs_sessions', 'category', code)} {x.v(f'share_{code}', 'percent')}"
               for code in ("routine", "recommendation", "dispute", "emergency")
               if x.has(f"share_{code}")]
        x.about("sessions_per_agent_day", "overview", also=("peak_agent_day",),
                peak=x.v("peak_agent_day"), mix=x.join(mix))
    elif x.has("sessions_per_agent_day"):  # the per-agent export: buyers received, no mix
        x.about("sessions_per_agent_day", "overview_agents", agents=x.v("agents", "int"))
    if x.has("first_response_p90_seconds", "within_60s_share"):  # one sentence, three figures
        x.about("first_response_mean_seconds", "first_response",
                also=("first_response_p90_seconds", "within_60s_share"),
                p90=x.v("first_response_p90_seconds"), within=x.v("within_60s_share"),
                p90_since=_moved(x, "first_response_p90_seconds"),
                within_since=_moved(x, "within_60s_share"))
    if x.has("reco_conversion_need", "reco_conversion_bestseller") \
            and f["reco_conversion_need"] != f["reco_conversion_bestseller"]:
        higher = f["reco_conversion_need"] > f["reco_conversion_bestseller"]
        diff = f["reco_conversion_need"] - f["reco_conversion_bestseller"]
        x.add(higher, x.say("reco" if higher else "reco_low",
                            need=x.v("reco_conversion_need", "percent"),
                            best=x.v("reco_conversion_bestseller", "percent"),
                            gap=t.format(abs(diff), "points").lstrip("+")),
              figures=("reco_conversion_need", "reco_conversion_bestseller"))
        if not higher:
            x.aim(x.say("aims.reco"))
    if f.get("unresolved_logistics_share"):
        x.add(BAD, x.say("logistics", share=x.v("unresolved_logistics_share", "percent")),
              figures=("unresolved_logistics_share",))
        x.aim(x.say("aims.logistics"))
    if f.get("high_risk_sessions") and x.has("high_risk_satisfaction", "other_satisfaction"):
        diff = f["other_satisfaction"] - f["high_risk_satisfaction"]
        # the problem is their satisfaction; their count (and its move) is said with it
        x.add(BAD, x.say("high_risk", threshold=x.cfg.shake_threshold,
                         sessions=x.v("high_risk_sessions", "int"),
                         sessions_since=_moved(x, "high_risk_sessions"),
                         risk=x.v("high_risk_satisfaction", "percent"),
                         other=x.v("other_satisfaction", "percent"),
                         gap=t.format(diff, "points").lstrip("+")),
              figures=("high_risk_satisfaction",))
        x.out.said["high_risk_sessions"] = ""
        x.aim(x.say("aims.high_risk"))
    if f.get("stock_query_per_day") and x.has("self_service_per_day"):
        x.add(BAD, x.say("self_service", n=x.v("self_service_per_day", "int"),
                         share=x.v("self_service_time_share", "percent"),
                         stock=x.v("stock_query_per_day", "int")),
              figures=("stock_query_per_day", "self_service_per_day"))
        x.aim(x.say("aims.stock"))
    elif f.get("stock_query_per_day"):
        x.add(BAD, x.say("stock", n=x.v("stock_query_per_day"),
                         share=x.v("stock_query_time_share", "percent")),
              figures=("stock_query_per_day",))
        x.aim(x.say("aims.stock"))


def _moved(x: Facts, key: str) -> str:
    """'（较上月缩短 24 秒）' for a figure said inside another's sentence; nothing without
    last month."""
    v = x.verdicts.get(key)
    if v is None or v.move is None:
        return ""
    return x.t("verdict.context_since", change=change_words(v.figure, v.value, v.previous, x.t))
