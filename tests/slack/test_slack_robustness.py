"""Forged and replayed requests, rate limits, outages and broken channels."""

import asyncio
import json
import logging
import time

import pytest

from storage import Store
from tests.cards import card
from tests.slack import payloads
from tests.slack.conftest import MEMBERS, MORE, Slack, start_slack


async def recorded(slack):
    _, body = await slack.command("/listening", "recorded", user="USTAFF")
    return body


@pytest.mark.parametrize(
    "signing",
    [
        {"secret": "not-the-secret"},
        {"timestamp": int(time.time()) - 6 * 60},  # older than five minutes: a replay
    ],
)
async def test_forged_or_stale_requests_get_401_and_change_nothing(slack, signing):
    fields = payloads.slash_command("/idea", "forged idea", "UAMIRA", MEMBERS, slack.fake.response_url())
    status, _ = await slack.send(payloads.form(fields), "application/x-www-form-urlencoded", **signing)
    assert status == 401
    assert "ideas: 0" in await recorded(slack)


async def test_a_request_without_signature_headers_gets_401(slack):
    body = payloads.form(payloads.slash_command("/idea", "unsigned", "UAMIRA", MEMBERS, slack.fake.response_url()))
    async with slack.http.post(
        slack.url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    ) as r:
        assert r.status == 401
    assert "ideas: 0" in await recorded(slack)


async def test_rate_limits_are_waited_out_without_posting_twice(fake_slack, sqlite_url, clock):
    waits = []

    async def sleep(seconds):
        waits.append(seconds)

    fake_slack.rate_limited["chat.postMessage"] = 2
    adapter, runtime, database = await start_slack(fake_slack, sqlite_url, clock, sleep=sleep)
    try:
        (topic,) = await runtime.listening.team.publish_all([card()])
        await runtime.sync()
    finally:
        await runtime.stop()
        await database.dispose()
    assert len(fake_slack.posts_in(MEMBERS)) == 1 and len(fake_slack.posts_in(MORE)) == 1
    assert len(waits) == 2 and all(7 <= w < 8 for w in waits)  # Retry-After: 7, plus jitter


async def test_a_post_whose_answer_was_lost_is_found_not_repeated(slack, clock):
    slack.fake.lost_answers["chat.postMessage"] = 1  # Slack posted it, but we saw a 500
    (topic,) = await slack.runtime.listening.team.publish_all([card()])
    await slack.runtime.sync()
    await slack.runtime.sync()
    assert len(slack.fake.posts_in(MEMBERS)) == 1 and len(slack.fake.posts_in(MORE)) == 1
    history = slack.fake.calls_to("conversations.history")
    assert [h["channel"] for h in history] == [MEMBERS]  # it looked before posting again


async def test_a_broken_channel_is_explained_and_spares_the_others(slack, caplog):
    slack.fake.channel_errors[MEMBERS] = "not_in_channel"
    with caplog.at_level(logging.WARNING):
        (topic,) = await slack.runtime.listening.team.publish_all([card()])
        await slack.runtime.sync()
        await slack.runtime.sync()
    assert slack.fake.posts_in(MEMBERS) == [] and len(slack.fake.posts_in(MORE)) == 1
    warnings = [r.getMessage() for r in caplog.records if MEMBERS in r.getMessage()]
    assert warnings == [
        f"could not post {topic.ref} to slack {MEMBERS}: not_in_channel: the bot is not in that channel: "
        "invite it with /invite @bot-name"
    ]
    assert len([c for c in slack.fake.calls_to("chat.postMessage") if c["channel"] == MEMBERS]) == 1


async def test_healthz_answers(slack):
    async with slack.http.get(slack.url.replace("/slack/events", "/healthz")) as response:
        assert response.status == 200 and (await response.json())["ok"] is True


async def test_a_burst_of_votes_makes_about_one_update_per_message_per_second(fake_slack, sqlite_url, clock):
    seconds = asyncio.Semaphore(0)

    async def one_second(_seconds):  # a second passes when the test says so
        await seconds.acquire()

    adapter, runtime, database = await start_slack(
        fake_slack, sqlite_url, clock, runtime_options={"tally_interval": 1.0, "sleep": one_second}
    )
    slack = Slack(fake_slack, adapter, runtime, Store(database))
    try:
        (topic,) = await runtime.listening.team.publish_all([card()])
        await runtime.sync()
        message = slack.post(topic.id)
        await asyncio.gather(*(slack.click(f"U{n:03d}", message, topic.id, n % 2) for n in range(20)))
        seconds.release()  # a second later: one update with everything since the first
        seconds.release()  # and another: nothing new, so the coalescer rests
        await runtime.tallies.drain()
        updates = [c for c in fake_slack.calls_to("chat.update") if c["channel"] == MEMBERS]
        # Twenty votes, at most two updates: one at once and one a second later with the rest
        # (one only when all twenty were committed together before the first).
        assert 1 <= len(updates) <= 2
        assert "n = 20" in json.dumps(slack.post(topic.id)["blocks"])  # the final tally is exact
    finally:
        await slack.close()
        await runtime.stop()
        await database.dispose()


async def test_a_card_published_from_the_command_line_reaches_slack_once(slack):
    from bot.listening import Listening
    from tests.conftest import EXAMPLES, LONDON

    cli = Listening(slack.store, slack.runtime.listening.clock, LONDON, EXAMPLES)  # another process
    (topic,) = await cli.team.publish_all([card()])
    await asyncio.gather(slack.runtime.sync(), slack.runtime.sync())
    await slack.runtime.sync()
    assert len(slack.fake.posts_in(MEMBERS)) == 1 and len(slack.fake.posts_in(MORE)) == 1


async def test_a_restart_posts_nothing_again(fake_slack, sqlite_url, clock):
    adapter, runtime, database = await start_slack(fake_slack, sqlite_url, clock)
    await runtime.listening.team.publish_all([card()])
    await runtime.sync()
    await runtime.stop()
    await database.dispose()
    adapter, runtime, database = await start_slack(fake_slack, sqlite_url, clock)
    await runtime.sync()
    await runtime.stop()
    await database.dispose()
    assert len(fake_slack.posts_in(MEMBERS)) == 1 and len(fake_slack.posts_in(MORE)) == 1


async def test_a_lost_post_is_found_even_after_a_busy_channel(slack):
    slack.fake.lost_answers["chat.postMessage"] = 1
    (topic,) = await slack.runtime.listening.team.publish_all([card()])
    await slack.runtime.sync()  # posted to MEMBERS (answer lost) and to MORE
    for n in range(450):  # the channel keeps talking
        slack.fake._chat_postMessage({"channel": MEMBERS, "text": f"chatter {n}"})
    await slack.runtime.sync()
    assert len([m for m in slack.fake.posts_in(MEMBERS) if m.get("metadata")]) == 1
    assert len(slack.fake.calls_to("conversations.history")) == 3  # three pages of 200


async def test_a_tally_update_refused_by_a_rate_limit_is_made_later(fake_slack, sqlite_url, clock):
    async def no_wait(_seconds):
        return None

    adapter, runtime, database = await start_slack(fake_slack, sqlite_url, clock, sleep=no_wait)
    slack = Slack(fake_slack, adapter, runtime, Store(database))
    try:
        (topic,) = await runtime.listening.team.publish_all([card()])
        await runtime.sync()
        fake_slack.rate_limited["chat.update"] = 4  # more than the client's own three retries
        await slack.click("UAMIRA", slack.post(topic.id), topic.id, 0)
        await runtime.tallies.drain()
        for channel in (MEMBERS, MORE):
            assert "n = 1" in json.dumps(slack.post(topic.id, channel)["blocks"])
    finally:
        await slack.close()
        await runtime.stop()
        await database.dispose()
