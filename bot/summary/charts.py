"""Bar charts of results as PNG (neither Slack nor Discord shows SVG inline)."""

from __future__ import annotations

import io
import textwrap

from bot.summary.heard import TopicHeard


def bar_chart(heard: TopicHeard) -> bytes:
    """A horizontal bar per answer, share of voters, n in the title. Same input, same bytes."""
    import matplotlib

    matplotlib.use("Agg")  # no screen
    from matplotlib import pyplot as plt

    labels = [textwrap.shorten(o, 40, placeholder="…") for o in heard.topic.options]
    shares = heard.shares()
    figure, axes = plt.subplots(figsize=(6.4, 0.45 * len(labels) + 1.1), dpi=100)
    try:
        positions = list(range(len(labels)))[::-1]
        axes.barh(positions, shares, color="#457b9d")
        axes.set_yticks(positions, labels)
        axes.set_xlim(0, 100)
        axes.set_xlabel("% of those who answered")
        for y, share, count in zip(positions, shares, heard.counts, strict=True):
            axes.text(min(share + 1, 88), y, f"{share}% ({count})", va="center", fontsize=9)
        title = textwrap.shorten(f"{heard.topic.ref}: {heard.topic.title}", 80, placeholder="…")
        figure.suptitle(title, x=0.02, ha="left", fontsize=10)
        axes.set_title(f"n = {heard.voters}", loc="left", fontsize=9, color="#555555")
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        plt.close(figure)
