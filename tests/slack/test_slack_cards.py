"""Cards and polls in Slack: posted as Block Kit, voted with buttons, tallied, closed."""

import json

from tests.cards import card, poll
from tests.slack.conftest import MEMBERS, MORE, STAFF


async def publish(slack, content):
    (topic,) = await slack.runtime.listening.team.publish_all([content])
    await slack.runtime.sync()
    return topic


async def test_a_card_is_posted_to_every_member_channel_as_block_kit(slack):
    topic = await publish(slack, card(link="https://example.org/paper"))
    for channel in (MEMBERS, MORE):
        message = slack.post(topic.id, channel)
        kinds = [b["type"] for b in message["blocks"]]
        assert kinds[0] == "header" and "actions" in kinds
        assert message["blocks"][0]["text"]["text"] == topic.title
        text = json.dumps(message["blocks"])
        assert "*Evidence:* Best bet" in text and "Fairness, Inclusion" in text
        assert "<https://example.org/paper|Read the discussion paper>" in text
        buttons = next(b for b in message["blocks"] if b["type"] == "actions")["elements"]
        assert [b["text"]["text"] for b in buttons] == ["Agree", "Partly agree", "Disagree", "Not sure"]
    (call,) = [c for c in slack.fake.calls_to("chat.postMessage") if c["channel"] == MEMBERS]
    assert call["link_names"] in (False, "0", "false") and call["unfurl_links"] in (False, "0", "false")


async def test_a_click_records_the_vote_and_confirms_privately(slack):
    topic = await publish(slack, card())
    message = slack.post(topic.id)
    status, _ = await slack.click("UAMIRA", message, topic.id, 1)
    assert status == 200
    token, response = slack.fake.responses[-1]
    assert token == "click-UAMIRA"
    assert response["response_type"] == "ephemeral" and response["replace_original"] is False
    assert response["text"] == f"Thanks, your response to {topic.ref} is recorded: “Partly agree”."
    await slack.click("UAMIRA", message, topic.id, 0)
    assert "from “Partly agree” to “Agree”" in slack.fake.responses[-1][1]["text"]
    ((_, tally),) = await slack.runtime.listening.team.topics()
    assert tally.counts == (1, 0, 0, 0)


async def test_the_tally_on_the_message_follows_the_votes(slack):
    topic = await publish(slack, card())
    message = slack.post(topic.id)
    await slack.click("UAMIRA", message, topic.id, 2)
    await slack.click("UBEA", message, topic.id, 2)
    await slack.runtime.tallies.drain()
    for channel in (MEMBERS, MORE):
        text = json.dumps(slack.post(topic.id, channel)["blocks"])
        assert "100%  Disagree (2)" in text and "n = 2" in text


async def test_a_repeated_click_is_one_vote(slack):
    topic = await publish(slack, card())
    message = slack.post(topic.id)
    for _ in range(3):
        await slack.click("UAMIRA", message, topic.id, 0, action_ts="1700000100.000100")
    ((_, tally),) = await slack.runtime.listening.team.topics()
    assert tally.voters == 1
    assert slack.fake.responses[-1][1]["text"] == "Already recorded."


async def test_closing_shows_the_final_result_and_later_clicks_are_refused(slack):
    topic = await publish(slack, poll())
    message = slack.post(topic.id)
    await slack.click("UAMIRA", message, topic.id, 1)
    status, body = await slack.command("/listening", f"close {topic.ref}", user=STAFF)
    assert status == 200 and body.startswith(f"Closed {topic.ref} (n = 1)")  # the ack is the ephemeral answer
    final = slack.post(topic.id)
    assert not [b for b in final["blocks"] if b["type"] == "actions"]  # no buttons once closed
    assert "Closed " in json.dumps(final["blocks"])
    (result,) = slack.fake.thread(MEMBERS, message["ts"])
    assert result["text"].startswith("```Final result for ")
    await slack.click("UBEA", message, topic.id, 0)
    assert "closed" in slack.fake.responses[-1][1]["text"] and "not recorded" in slack.fake.responses[-1][1]["text"]


async def test_hidden_results_show_no_numbers_until_close(slack):
    topic = await publish(slack, poll(results="on-close"))
    await slack.click("UAMIRA", slack.post(topic.id), topic.id, 1)
    await slack.runtime.tallies.drain()
    text = json.dumps(slack.post(topic.id)["blocks"])
    assert "Results are shown when it closes" in text and "(1)" not in text
