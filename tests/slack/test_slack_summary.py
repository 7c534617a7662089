"""The weekly summary posted to Slack's staff channel: Block Kit, with charts as files."""

import json
from datetime import timedelta

from bot.summary.charts import bar_chart
from bot.summary.heard import compile_heard
from bot.summary.period import current_week
from tests.cards import card
from tests.conftest import LONDON
from tests.slack.conftest import STAFF_CHANNEL


async def test_the_summary_is_block_kit_with_its_charts_uploaded(slack, clock):
    (topic,) = await slack.runtime.listening.team.publish_all([card()])
    await slack.runtime.sync()
    await slack.click("UAMIRA", slack.post(topic.id), topic.id, 0)
    await slack.command("/idea", "Ping <!channel> and email jo@trust.example")
    clock.advance(hours=1)
    heard = await compile_heard(slack.store, current_week(clock.now(), LONDON), clock.now())
    charts = {item.topic.ref: bar_chart(item) for item in heard.topics}
    await slack.adapter.post_summary(heard, charts)
    (posted,) = [c for c in slack.fake.calls_to("chat.postMessage") if c["channel"] == STAFF_CHANNEL]
    assert posted["blocks"][0]["text"]["text"].startswith("What we heard: 2026-W47")
    text = json.dumps(posted["blocks"])
    assert "Too few responses to call (n = 1): agree at least partly 100%, disagree 0%, not sure 0%." in text
    assert "<!channel>" not in text and "[email]" in text and "jo@trust.example" not in text
    (upload,) = slack.fake.uploads
    assert upload["channel"] == STAFF_CHANNEL and upload["title"] == f"{topic.ref} result"
    assert list(slack.fake.uploaded.values()) == [charts[topic.ref]]
    assert clock.now() - heard.compiled_at == timedelta(0)
