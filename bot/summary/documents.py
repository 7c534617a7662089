"""What we heard as files: Markdown (also the console's text), a self-contained HTML page,
CSV of the figures, and a PNG chart per card."""

from __future__ import annotations

import base64
import csv
import html
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.summary.charts import bar_chart
from bot.summary.heard import Figure, TopicHeard, WhatWeHeard, theme_heading
from bot.summary.machine import as_json
from bot.summary.themes import vote_line
from bot.when import show
from bot.wording import difference, plural


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
        f"Every comparison is with {period.compared_with}.",
        "",
        "## Headlines",
        "",
        f"| | this period | {period.compared_with} | by platform |",
        "|---|---|---|---|",
    ]
    platforms = heard.platforms
    for figure in heard.figures:
        lines.append(
            f"| {figure.name.capitalize()} | {figure.total:,} | {figure.total_before:,} | "
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
    lines += [f"- {_md(line)}" for line in heard.not_heard()]
    lines.append("")
    return "\n".join(lines)


def _topic(item: TopicHeard, charts: dict[str, str] | None) -> list[str]:
    topic = item.topic
    lines = [f"### {topic.ref} · {_md(topic.title)}", "", item.described, ""]
    lines.append(f"**{_md(item.verdict.sentence)}**")
    lines.append("")
    lines += [f"- {_md(o)}: {c:,} ({p}%)" for o, c, p in zip(topic.options, item.counts, item.shares(), strict=True)]
    lines += ["", f"Movement: {_md(item.movement)}", ""]
    if charts and topic.ref in charts:
        lines += [f"![Result of {topic.ref}]({charts[topic.ref]})", ""]
    if item.themes:
        lines += [item.replies_line, ""]
        for theme in item.themes:
            votes = f" {vote_line(theme)}." if item.kind != "multiple" else ""
            lines.append(f"- **{_md(theme_heading(theme))}**{_md(votes)}")
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
        f"Compiled {e(show(heard.compiled_at, zone))}. Every comparison is with {e(period.compared_with)}.</p>",
        "<h2>Headlines</h2><table><tr><th></th><th>This period</th>"
        f"<th>{e(period.compared_with[:1].upper() + period.compared_with[1:])}</th><th>By platform</th></tr>",
    ]
    for figure in heard.figures:
        parts.append(
            f"<tr><td>{e(figure.name.capitalize())}</td><td>{figure.total:,}</td><td>{figure.total_before:,}</td>"
            f"<td>{e(_platforms(figure, heard.platforms))}</td></tr>"
        )
    parts.append("</table><h2>Cards and polls</h2>")
    if not heard.topics:
        parts.append("<p>No card or poll was open in this period.</p>")
    for item in heard.topics:
        topic = item.topic
        parts.append(
            f"<h3>{e(topic.ref)} · {e(topic.title)}</h3><p>{e(item.described)}</p>"
            f"<p class='call'>{e(item.verdict.sentence)}</p>"
        )
        if topic.ref in pngs:
            data = base64.b64encode(pngs[topic.ref]).decode()
            parts.append(f"<img alt='Result of {e(topic.ref)}' src='data:image/png;base64,{data}'>")
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{e(o)}: {c:,} ({p}%)</li>"
                for o, c, p in zip(topic.options, item.counts, item.shares(), strict=True)
            )
            + "</ul>"
        )
        parts.append(f"<p>Movement: {e(item.movement)}</p>")
        if item.themes:
            parts.append(f"<p>{e(item.replies_line)}</p>")
        for theme in item.themes:
            votes = f"<p>{e(vote_line(theme))}.</p>" if item.kind != "multiple" else ""
            parts.append(f"<h4>{e(theme_heading(theme))}</h4>{votes}")
            parts += [f"<blockquote>{e(q)}</blockquote>" for q in theme.quotes]
    parts.append("<h2>New ideas</h2><ul>")
    parts += [f"<li><b>{e(ref)}</b>: {e(text)}</li>" for ref, text in heard.ideas] or [
        "<li>No new ideas this period.</li>"
    ]
    parts.append("</ul><h2>Where we are not hearing</h2><ul>")
    parts += [f"<li>{e(line)}</li>" for line in heard.not_heard()]
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
                    item.verdict.call.value,
                ]
            )
    for ref, _ in heard.ideas:
        writer.writerow(["idea", ref, "", "", 1, "", "", "", ""])
    return out.getvalue()


def write(heard: WhatWeHeard, zone: ZoneInfo, folder: Path) -> dict[str, Path]:
    """summary.md, summary.html, summary.csv, summary.json and charts/<ref>.png in `folder`."""
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
        ("summary.json", json.dumps(as_json(heard), ensure_ascii=False, indent=2) + "\n"),
    ):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written[name] = path
    return written


def brief(heard: WhatWeHeard) -> str:
    """A short version for a chat answer: the numbers and each card's call."""
    period = heard.period
    lines = [f"What we heard, {period.label}{' so far' if period.so_far else ''} (against {period.compared_with}):"]
    lines.append(
        "  " + " · ".join(f"{f.name} {f.total:,} ({difference(f.total, f.total_before)})" for f in heard.figures)
    )
    for item in heard.topics:
        themed = [t for t in item.themes if not t.other]
        themes = f" {plural(len(themed), 'theme')} in {plural(item.replies, 'reply')}." if themed else ""
        lines.append(f"  {item.topic.ref}: {item.verdict.sentence}{themes}")
    if heard.ideas:
        lines.append(f"  New ideas: {', '.join(ref for ref, _ in heard.ideas)}")
    if heard.quiet_topics:
        lines.append(f"  Few responses: {', '.join(t.topic.ref for t in heard.quiet_topics)}")
    lines.append("The full summary: `listening-bot summary --out DIR` (Markdown, HTML, charts, CSV, JSON).")
    return "\n".join(lines)
