"""Real Slack payloads, recorded by other projects' test suites (tests/data/peer-payloads/slack,
with their provenance), replayed through the translators and the whole HTTP endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.slack import translate
from bot.domain import Role
from bot.events import ReactionAdded, ReactionRemoved, ReplyDeleted, ReplyEdited, ReplyPosted
from storage.exports import datasets, records
from tests.cards import card
from tests.slack import payloads
from tests.slack.conftest import MEMBERS, SECRET

RECORDED = sorted((Path(__file__).parent.parent / "data" / "peer-payloads" / "slack").glob("*.json"))
PAYLOADS = [record for path in RECORDED for record in json.loads(path.read_text())]
TEAM = "T0PEERTEAM"


def test_every_recorded_payload_is_there_with_its_provenance():
    assert len(PAYLOADS) == 266
    assert all(r["repo"] and r["commit"] and r["licence"] and r["path"] for r in PAYLOADS)


def _event(record):
    body = record["body"]
    return body.get("event") if isinstance(body, dict) and isinstance(body.get("event"), dict) else None


def _by_bot(event) -> bool:
    return bool(event.get("bot_id")) or event.get("subtype") == "bot_message"


def _is_reply(event) -> bool:
    """A message in a thread, by a person or a bot (a bot's `bot_message` may name no user)."""
    return (
        event.get("type") == "message"
        and event.get("subtype") in (None, "thread_broadcast", "file_share", "bot_message")
        and (isinstance(event.get("user"), str) or _by_bot(event))
        and isinstance(event.get("thread_ts"), str)
        and event.get("thread_ts") != event.get("ts")
    )


@pytest.mark.parametrize("record", PAYLOADS, ids=[r["id"] for r in PAYLOADS])
def test_each_recorded_payload_translates_without_raising_and_reads_right(record):
    body, event = record["body"], _event(record)
    if record["kind"] == "interactivity":
        found = translate.vote_event(body, TEAM, Role.MEMBER)
        assert found is None  # none of them is a click on one of our cards' buttons
        return
    if event is None:
        return
    if event.get("type") == "message":
        found = translate.message_event(body, TEAM, Role.MEMBER)
        if _is_reply(event) and not body.get("event_id"):
            assert found is None  # without an event id it cannot be recorded once
        elif _is_reply(event):
            assert isinstance(found, ReplyPosted)
            assert (found.message_id, found.text, found.post.thread_id) == (
                event["ts"],
                event.get("text") or "",
                event["thread_ts"],
            )
            assert found.member.is_bot is _by_bot(event)  # a bot's, marked: the core ignores it
        elif event.get("subtype") == "message_deleted":
            previous = event.get("previous_message")
            in_a_thread = previous and previous.get("thread_ts") not in (None, event["deleted_ts"])
            if previous is None or in_a_thread:
                assert isinstance(found, ReplyDeleted) and found.message_id == event["deleted_ts"]
                assert found.post.channel_id == event["channel"]
            else:
                assert found is None  # a top-level message: not a reply to any card
        elif event.get("subtype") == "message_changed":
            assert found is None or isinstance(found, ReplyEdited)
            if found is not None:
                assert found.member.is_bot is _by_bot(event["message"])
        else:
            assert found is None or isinstance(found, ReplyPosted)
            if found is not None:
                assert found.member.is_bot is _by_bot(event)
    elif event.get("type") in ("reaction_added", "reaction_removed"):
        found = translate.reaction_event(body, TEAM, Role.MEMBER)
        if event.get("item", {}).get("type") == "message" and body.get("event_id"):
            assert isinstance(found, ReactionAdded | ReactionRemoved)
            assert found.emoji == f":{event['reaction']}:" and found.post.message_id == event["item"]["ts"]
        else:
            assert found is None  # a reaction to a file is not on a card; without an event id it cannot be deduped


def test_the_recorded_set_holds_replies_deletions_and_reactions():
    """The replay above means something only if the set has such payloads in it."""
    events = [e for e in map(_event, PAYLOADS) if e]
    assert sum(_is_reply(e) and not _by_bot(e) for e in events) >= 3
    assert sum(_is_reply(e) and _by_bot(e) for e in events) >= 2  # bots' replies, to be marked
    assert any(_is_reply(e) and e.get("subtype") == "bot_message" and "user" not in e for e in events)
    assert any(e.get("subtype") == "message_deleted" and "previous_message" not in e for e in events)
    assert sum(e.get("type") == "reaction_added" for e in events) >= 2


async def test_every_recorded_payload_gets_an_answer_below_500_from_the_endpoint(slack):
    statuses = {}
    for record in PAYLOADS:
        body = record["body"]
        if record["kind"] == "events_api":
            raw, kind = json.dumps(body).encode(), "application/json"
        elif record["kind"] == "interactivity":
            raw, kind = payloads.interactivity(body), "application/x-www-form-urlencoded"
        else:
            fields = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
            raw, kind = payloads.form(fields), "application/x-www-form-urlencoded"
        headers = payloads.signed_headers(raw, SECRET, content_type=kind)
        async with slack.http.post(slack.url, data=raw, headers=headers) as response:
            await response.read()
            statuses[record["id"]] = response.status
    failed = {k: v for k, v in statuses.items() if v >= 500}
    assert failed == {}


async def test_a_deletion_without_previous_message_removes_the_replys_text(slack):
    """Slack's own documented `message_deleted` names only the channel and `deleted_ts`."""
    (topic,) = await slack.runtime.listening.team.publish_all([card()])
    await slack.runtime.sync()
    post = slack.post(topic.id)
    ts = "1700001000.000900"
    await slack.event(payloads.thread_reply(MEMBERS, post["ts"], ts, "UAMIRA", "Our head, Priya, disagrees"))
    documented = {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": MEMBERS,
        "ts": "1700001100.000100",
        "deleted_ts": ts,
        "event_ts": "1700001100.000100",
    }
    assert (await slack.event(documented))[0] == 200
    async with slack.store.unit() as unit:
        dataset = next(d for d in datasets() if d.name == "replies")
        (reply,) = [r async for r in records(unit.session, dataset)]
    assert reply["deleted"] is True and reply["text"] is None and reply["masked_text"] is None
