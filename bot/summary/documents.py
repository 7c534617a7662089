"""What we heard as files: Markdown (also the console's text), a self-contained HTML page,
CSV of the figures, and a PNG chart per card."""

from __future__ import annotations

import base64
import csv
import html
import io
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.summary.charts import bar_chart
from bot.summary.heard import Figure, TopicHeard, WhatWeHeard
from bot.when import show


def _md(text: str) -> str:
    """Member and staff text in Markdown: no raw HTML gets through where it is rendered."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _platforms(figure: Figure, platforms: list[str]) -> str:
    return ", ".join(f"{p} {figure.now.get(p, 0)}" for p in platforms)


def markdown(heard: WhatWeHeard, zone: ZoneInfo, charts: dict[str, str] | None = None) -> str:
    """The summary in Markdown. `charts` maps a topic's ref to an image path to show beside it."""
    period = heard.period
    lines = [
        f"# What we heard: {period.label}",
        "",
        f"{show(period.start, zone)} to {show(period.end, zone)}. Compiled {show(heard.compiled_at, zone)}.",
        "",
        "## Headlines",
        "",
        "| | this period | the period before | by platform |",
        "|---|---|---|---|",
    ]
    platforms = heard.platforms
    for figure in heard.figures:
        lines.append(
            f"| {figure.name.capitalize()} | {figure.total} | {figure.total_before} | "
            f"{_platforms(figure, platforms) or '–'} |"
        )
    lines += ["", "## Cards and polls", ""]
    if not heard.topics:
        lines.append("No card or poll was open in this period.")
    for item in heard.topics:
        lines += _topic(item, charts)
    lines += ["## New ideas", ""]
    lines += [f"- **{ref}**: {_md(text)}" for ref, text in heard.ideas] or ["No new ideas this period."]
    lines += ["", "## Where we are not hearing", ""]
    quiet = [f"- {t.topic.ref} · {_md(t.topic.title)}: only {t.voters} responses." for t in heard.quiet_topics]
    quiet += [f"- {platform} channel {channel}: {n} responses." for platform, channel, n in heard.quiet_channels]
    quiet += [f"- {platform}: {n} participants." for platform, n in heard.quiet_platforms]
    lines += quiet or ["Every card, channel and platform was heard from."]
    lines.append("")
    return "\n".join(lines)


def _topic(item: TopicHeard, charts: dict[str, str] | None) -> list[str]:
    topic = item.topic
    kind = f"Evidence: {item.evidence}" if item.evidence else "Quick poll"
    lines = [f"### {topic.ref} · {_md(topic.title)}", "", f"{kind} · {topic.status.value} · n = {item.voters}", ""]
    lines.append(f"**{_md(item.reading.sentence)}**")
    lines.append("")
    lines += [f"- {_md(o)}: {c} ({p}%)" for o, c, p in zip(topic.options, item.counts, item.shares(), strict=True)]
    lines += ["", f"Movement: {item.movement}", ""]
    if charts and topic.ref in charts:
        lines += [f"![Result of {topic.ref}]({charts[topic.ref]})", ""]
    if item.themes:
        lines += [f"What members said ({item.replies} replies):", ""]
        for theme in item.themes:
            lines.append(f"- **{_md(theme.label)}** ({theme.replies} replies)")
            lines += [f"  > {_md(q)}" for q in theme.quotes]
        lines.append("")
    return lines


def html_page(heard: WhatWeHeard, zone: ZoneInfo, pngs: dict[str, bytes]) -> str:
    """One self-contained page: charts inline, all text escaped."""
    e = html.escape
    period = heard.period
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>What we heard: {e(period.label)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.45;color:#1d3557}table{border-collapse:collapse}td,th{padding:.3rem .7rem;"
        "border-bottom:1px solid #ddd;text-align:left}blockquote{margin:.3rem 0 .3rem 1rem;color:#444;"
        "border-left:3px solid #a8dadc;padding-left:.6rem}.call{font-weight:600}</style></head><body>",
        f"<h1>What we heard: {e(period.label)}</h1>",
        f"<p>{e(show(period.start, zone))} to {e(show(period.end, zone))}. "
        f"Compiled {e(show(heard.compiled_at, zone))}.</p>",
        "<h2>Headlines</h2><table><tr><th></th><th>This period</th><th>The period before</th><th>By platform</th></tr>",
    ]
    for figure in heard.figures:
        parts.append(
            f"<tr><td>{e(figure.name.capitalize())}</td><td>{figure.total}</td><td>{figure.total_before}</td>"
            f"<td>{e(_platforms(figure, heard.platforms))}</td></tr>"
        )
    parts.append("</table><h2>Cards and polls</h2>")
    for item in heard.topics:
        topic = item.topic
        kind = f"Evidence: {item.evidence}" if item.evidence else "Quick poll"
        parts.append(
            f"<h3>{e(topic.ref)} · {e(topic.title)}</h3><p>{e(kind)} · {e(topic.status.value)} · "
            f"n = {item.voters}</p><p class='call'>{e(item.reading.sentence)}</p>"
        )
        if topic.ref in pngs:
            data = base64.b64encode(pngs[topic.ref]).decode()
            parts.append(f"<img alt='Result of {e(topic.ref)}' src='data:image/png;base64,{data}'>")
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{e(o)}: {c} ({p}%)</li>"
                for o, c, p in zip(topic.options, item.counts, item.shares(), strict=True)
            )
            + "</ul>"
        )
        parts.append(f"<p>Movement: {e(item.movement)}</p>")
        for theme in item.themes:
            parts.append(f"<h4>{e(theme.label)} ({theme.replies} replies)</h4>")
            parts += [f"<blockquote>{e(q)}</blockquote>" for q in theme.quotes]
    parts.append("<h2>New ideas</h2><ul>")
    parts += [f"<li><b>{e(ref)}</b>: {e(text)}</li>" for ref, text in heard.ideas]
    parts.append("</ul><h2>Where we are not hearing</h2><ul>")
    parts += [f"<li>{e(t.topic.ref)} · {e(t.topic.title)}: only {t.voters} responses.</li>" for t in heard.quiet_topics]
    parts += [f"<li>{e(p)} channel {e(c)}: {n} responses.</li>" for p, c, n in heard.quiet_channels]
    parts += [f"<li>{e(p)}: {n} participants.</li>" for p, n in heard.quiet_platforms]
    parts.append("</ul></body></html>\n")
    return "".join(parts)


def figures_csv(heard: WhatWeHeard) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "answer", "platform", "this_period", "period_before", "share_pct", "n", "call"])
    for figure in heard.figures:
        for platform in heard.platforms:
            writer.writerow(
                [
                    "headline",
                    figure.name,
                    "",
                    platform,
                    figure.now.get(platform, 0),
                    figure.before.get(platform, 0),
                    "",
                    "",
                    "",
                ]
            )
        writer.writerow(["headline", figure.name, "", "all", figure.total, figure.total_before, "", "", ""])
    for item in heard.topics:
        for i, option in enumerate(item.topic.options):
            writer.writerow(
                [
                    "result",
                    item.topic.ref,
                    option,
                    "all",
                    item.counts[i],
                    item.counts_before[i],
                    item.shares()[i],
                    item.voters,
                    item.reading.call.value,
                ]
            )
    for ref, _ in heard.ideas:
        writer.writerow(["idea", ref, "", "", 1, "", "", "", ""])
    return out.getvalue()


def write(heard: WhatWeHeard, zone: ZoneInfo, folder: Path) -> dict[str, Path]:
    """summary.md, summary.html, summary.csv and charts/<ref>.png in `folder`."""
    (folder / "charts").mkdir(parents=True, exist_ok=True)
    pngs = {item.topic.ref: bar_chart(item) for item in heard.topics}
    written = {}
    for ref, data in pngs.items():
        path = folder / "charts" / f"{ref}.png"
        path.write_bytes(data)
        written[f"chart {ref}"] = path
    charts = {ref: f"charts/{ref}.png" for ref in pngs}
    for name, text in (
        ("summary.md", markdown(heard, zone, charts)),
        ("summary.html", html_page(heard, zone, pngs)),
        ("summary.csv", figures_csv(heard)),
    ):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written[name] = path
    return written


def brief(heard: WhatWeHeard) -> str:
    """A short version for a chat answer: the numbers and each card's call."""
    lines = [f"What we heard, {heard.period.label}{' so far' if heard.period.so_far else ''}:"]
    lines.append("  " + " · ".join(f"{f.name} {f.total} ({f.total - f.total_before:+d})" for f in heard.figures))
    for item in heard.topics:
        themes = f"; {len(item.themes)} themes in {item.replies} replies" if item.themes else ""
        lines.append(f"  {item.topic.ref}: {item.reading.sentence}{themes}")
    if heard.ideas:
        lines.append(f"  New ideas: {', '.join(ref for ref, _ in heard.ideas)}")
    if heard.quiet_topics:
        lines.append(f"  Few responses: {', '.join(t.topic.ref for t in heard.quiet_topics)}")
    lines.append("The full summary: `listening-bot summary --out DIR` (Markdown, HTML, charts, CSV).")
    return "\n".join(lines)
