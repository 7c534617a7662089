"""What we heard as data (`summary.json`): every figure the documents show, and for each
theme the references of its replies as the export names them, so anything can be traced."""

from __future__ import annotations

from datetime import datetime

from bot.summary.heard import TopicHeard, WhatWeHeard
from bot.summary.themes import vote_line
from bot.summary.verdicts import Verdict

FORMAT = 1  # bumped when a field changes meaning


def _iso(when: datetime) -> str:
    return when.isoformat()


def as_json(heard: WhatWeHeard) -> dict:
    period, before = heard.period, heard.period.previous()
    return {
        "format": FORMAT,
        "period": {
            "label": period.label,
            "start": _iso(period.start),
            "end": _iso(period.end),
            "so_far": period.so_far,
        },
        "compared_with": {
            "words": period.compared_with,
            "start": _iso(before.start),
            "end": _iso(before.end),
            "movement_since": period.since,
        },
        "compiled_at": _iso(heard.compiled_at),
        "headlines": [
            {
                "name": f.name,
                "this_period": f.total,
                "period_before": f.total_before,
                "by_platform": {
                    p: {"this_period": f.now.get(p, 0), "period_before": f.before.get(p, 0)} for p in heard.platforms
                },
            }
            for f in heard.figures
        ],
        "topics": [_topic(item) for item in heard.topics],
        "ideas": [{"ref": ref, "text": text} for ref, text in heard.ideas],
        "not_heard": {
            "topics": [{"ref": t.topic.ref, "responses": t.voters} for t in heard.quiet_topics],
            "channels": [{"platform": p, "channel": c, "responses": n} for p, c, n in heard.quiet_channels],
            "platforms": [{"platform": p, "participants": n} for p, n in heard.quiet_platforms],
            "sentences": heard.not_heard(),
        },
    }


def _verdict(verdict: Verdict) -> dict:
    return {
        "call": verdict.call.value,
        "sentence": verdict.sentence,
        "leading": verdict.leading,
        "share": verdict.share,
        "interval_95": [verdict.interval.low, verdict.interval.high] if verdict.interval else None,
        "mean": verdict.mean,
        "median": verdict.median,
    }


def _topic(item: TopicHeard) -> dict:
    topic = item.topic
    return {
        "ref": topic.ref,
        "title": topic.title,
        "kind": topic.kind.value,
        "answers": item.kind,
        "evidence": item.evidence,
        "status": topic.status.value,
        "n": item.voters,
        "n_before": item.voters_before,
        "options": [
            {"label": label, "count": count, "share_pct": share, "count_before": cb, "share_before_pct": sb}
            for label, count, share, cb, sb in zip(
                topic.options, item.counts, item.shares(), item.counts_before, item.shares_before(), strict=True
            )
        ],
        "verdict": _verdict(item.verdict),
        "movement": item.movement,
        "replies": item.replies,
        "themes": [
            {
                "label": theme.label,
                "other": theme.other,
                "replies": theme.replies,
                "repliers": theme.repliers,
                "votes": [{"choice": choice, "repliers": n} for choice, n in theme.votes],
                "vote_line": vote_line(theme) if item.kind != "multiple" else None,
                "quotes": list(theme.quotes),
                "reply_refs": list(theme.refs),
            }
            for theme in item.themes
        ],
    }
