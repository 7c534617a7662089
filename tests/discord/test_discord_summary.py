"""The weekly summary posted to Discord's staff channel: embeds, each card's chart attached."""

from bot.summary.charts import bar_chart
from bot.summary.heard import compile_heard
from bot.summary.period import current_week
from tests.cards import card
from tests.conftest import LONDON
from tests.discord import payloads
from tests.discord.fake_discord import STAFF_CHANNEL


async def test_the_summary_is_embeds_with_charts_attached(discord_bot, clock):
    (topic,) = await discord_bot.runtime.listening.team.publish_all([card()])
    await discord_bot.runtime.sync()
    await discord_bot.interact(payloads.button_click(f"vote:{topic.id}:0", "1001", discord_bot.card(topic.id)))
    thread = discord_bot.card(topic.id)["thread"]["id"]
    await discord_bot.send("MESSAGE_CREATE", payloads.message(thread, "1001", "@everyone read this, jo@trust.example"))
    clock.advance(hours=1)
    heard = await compile_heard(discord_bot.store, current_week(clock.now(), LONDON), clock.now())
    charts = {item.topic.ref: bar_chart(item) for item in heard.topics}
    await discord_bot.adapter.post_summary(heard, charts)
    headline, per_card, closing = discord_bot.fake.sent_to(STAFF_CHANNEL)
    assert headline["embeds"][0]["title"] == "What we heard: 2026-W47"
    assert per_card["embeds"][0]["image"]["url"] == f"attachment://{topic.ref}.png"
    assert discord_bot.fake.files[per_card["id"]] == {f"{topic.ref}.png": charts[topic.ref]}
    assert closing["embeds"][0]["title"] == "New ideas"
    everything = str(discord_bot.fake.sent_to(STAFF_CHANNEL))
    assert "@everyone" not in everything and "jo@trust.example" not in everything
    assert all(m["allowed_mentions"] == {"parse": []} for m in discord_bot.fake.sent_to(STAFF_CHANNEL))
