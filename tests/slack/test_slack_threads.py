"""Replies in a card's thread, edits, deletions and reactions, as Slack sends them."""

from sqlalchemy import select

from adapters.slack import translate
from bot.domain import Role
from bot.events import ReplyDeleted, ReplyEdited, ReplyPosted
from storage.exports import datasets, records
from storage.models import MemberRow, SeenEventRow
from tests.cards import card
from tests.slack import payloads
from tests.slack.conftest import MEMBERS
from tests.slack.fake_slack import TEAM

CARD_TS = "1700000000.000100"


async def published(slack):
    (topic,) = await slack.runtime.listening.team.publish_all([card()])
    await slack.runtime.sync()
    return topic, slack.post(topic.id)


async def table(slack, name):
    async with slack.store.unit() as unit:
        dataset = next(d for d in datasets() if d.name == name)
        return [r async for r in records(unit.session, dataset)]


async def test_thread_replies_and_broadcasts_are_recorded_against_the_card(slack):
    topic, post = await published(slack)
    assert (
        await slack.event(
            payloads.thread_reply(
                MEMBERS, post["ts"], "1700001000.000100", "UAMIRA", "Top-ups haven't moved in three years"
            )
        )
    )[0] == 200
    await slack.event(
        payloads.thread_reply(MEMBERS, post["ts"], "1700001001.000100", "UBEA", "Agree, and EHCPs", broadcast=True)
    )
    replies = await table(slack, "replies")
    assert [(r["topic"], r["text"]) for r in replies] == [
        (topic.ref, "Top-ups haven't moved in three years"),
        (topic.ref, "Agree, and EHCPs"),
    ]


async def test_other_messages_are_not_recorded(slack):
    _, post = await published(slack)
    await slack.event(payloads.top_level(MEMBERS, "1700001000.000200", "UAMIRA", "Anyone for lunch?"))
    await slack.event(
        payloads.thread_reply(
            MEMBERS, "1699999999.000001", "1700001000.000300", "UAMIRA", "a thread that is not a card's"
        )
    )
    await slack.event(payloads.bot_reply(MEMBERS, post["ts"], "1700001000.000400", "BOTHER", "I am a bot"))
    own = payloads.thread_reply(MEMBERS, post["ts"], "1700001000.000500", "UBOT", "the bot itself")
    own["bot_id"] = "BBOT"
    await slack.event(own)
    assert await table(slack, "replies") == []


def bots_messages(thread_ts: str) -> list[dict]:
    """A bot's reply, edit and deletion in a thread, as Slack sends each."""
    documented = payloads.bot_reply(MEMBERS, thread_ts, "1700001000.000400", "BOTHER", "I am a bot")
    documented["username"] = "github"  # Slack's message.bot_message: a bot_id, no user
    app = payloads.thread_reply(MEMBERS, thread_ts, "1700001000.000410", "UOTHERAPP", "an app's reply")
    app["bot_id"] = "BOTHERAPP"  # an app's message: its bot user, and a bot_id
    edit = payloads.message_changed(
        MEMBERS, thread_ts, "1700001000.000410", "UOTHERAPP", "an app's reply", "edited", "1700001100.000400"
    )
    edit["message"]["bot_id"] = edit["previous_message"]["bot_id"] = "BOTHERAPP"
    gone = payloads.message_deleted(
        MEMBERS, thread_ts, "1700001000.000400", "UOTHERAPP", "I am a bot", "1700001200.000400"
    )
    gone["previous_message"] = {**documented, "type": "message"}
    del gone["previous_message"]["channel"]
    return [documented, app, edit, gone]


def test_a_bots_messages_edits_and_deletions_are_translated_marked_as_a_bots():
    """Translated like anyone's, so the core is the one place that ignores them."""
    found = [translate.message_event(payloads.envelope(e), TEAM, Role.MEMBER) for e in bots_messages(CARD_TS)]
    assert [type(e) for e in found] == [ReplyPosted, ReplyPosted, ReplyEdited, ReplyDeleted]
    assert all(e.member.is_bot for e in found)
    assert [e.member.user_id for e in found] == ["BOTHER", "UOTHERAPP", "UOTHERAPP", "BOTHER"]
    assert [e.message_id for e in found] == ["1700001000.000400", *["1700001000.000410"] * 2, "1700001000.000400"]
    assert all(translate.author(e) is None for e in bots_messages(CARD_TS))  # no role to look up
    person = payloads.thread_reply(MEMBERS, CARD_TS, "1700001000.000420", "UAMIRA", "a person")
    assert translate.message_event(payloads.envelope(person), TEAM, Role.MEMBER).member.is_bot is False


async def test_a_bots_messages_reach_the_core_and_are_recorded_nowhere(slack):
    _, post = await published(slack)
    bots = bots_messages(post["ts"])
    ids = [f"Ev0BOT{n:04d}" for n in range(len(bots))]
    for event, event_id in zip(bots, ids, strict=True):
        assert (await slack.event(event, event_id=event_id))[0] == 200
    assert await table(slack, "replies") == []
    async with slack.store.unit() as unit:
        seen = set((await unit.session.execute(select(SeenEventRow.event_id))).scalars())
        users = set((await unit.session.execute(select(MemberRow.user_id))).scalars())
    assert seen.isdisjoint(ids) and users.isdisjoint({"BOTHER", "UOTHERAPP"})


async def test_edits_and_deletions_are_followed(slack):
    _, post = await published(slack)
    ts = "1700001000.000600"
    await slack.event(payloads.thread_reply(MEMBERS, post["ts"], ts, "UAMIRA", "Teh deficit"))
    await slack.event(
        payloads.message_changed(MEMBERS, post["ts"], ts, "UAMIRA", "Teh deficit", "The deficit", "1700001100.000100")
    )
    (reply,) = await table(slack, "replies")
    assert reply["text"] == "The deficit" and reply["edited"]
    await slack.event(payloads.message_deleted(MEMBERS, post["ts"], ts, "UAMIRA", "The deficit", "1700001200.000100"))
    (reply,) = await table(slack, "replies")
    assert reply["deleted"] and reply["text"] is None


async def test_a_redelivered_event_is_recorded_once(slack):
    _, post = await published(slack)
    event = payloads.thread_reply(MEMBERS, post["ts"], "1700001000.000700", "UAMIRA", "Once only")
    assert (await slack.event(event, event_id="Ev0RETRY1"))[0] == 200
    assert (await slack.event(event, event_id="Ev0RETRY1", retry_num=1))[0] == 200
    assert (await slack.event(event, event_id="Ev0RETRY1", retry_num=2))[0] == 200
    assert len(await table(slack, "replies")) == 1


async def test_reactions_on_a_card_are_recorded_but_not_bots(slack):
    topic, post = await published(slack)
    slack.fake.bots.add("UOTHERBOT")
    await slack.event(payloads.reaction("reaction_added", "UAMIRA", MEMBERS, post["ts"], "thumbsup"))
    await slack.event(payloads.reaction("reaction_added", "UBEA", MEMBERS, post["ts"], "thinking_face"))
    await slack.event(payloads.reaction("reaction_removed", "UBEA", MEMBERS, post["ts"], "thinking_face"))
    await slack.event(payloads.reaction("reaction_added", "UOTHERBOT", MEMBERS, post["ts"], "robot_face"))
    await slack.event(payloads.reaction("reaction_added", "UBOT", MEMBERS, post["ts"], "white_check_mark"))
    await slack.event(payloads.reaction("reaction_added", "UAMIRA", MEMBERS, "1699999999.000009", "tada"))
    assert [(r["topic"], r["emoji"]) for r in await table(slack, "reactions")] == [(topic.ref, ":thumbsup:")]


async def test_a_40000_character_reply_full_of_markup_is_stored_faithfully(slack):
    _, post = await published(slack)
    text = "<!channel> <@U123> *bold* `code` :tada: 👩🏽‍🏫 " + "x" * 40_000
    await slack.event(payloads.thread_reply(MEMBERS, post["ts"], "1700001000.000800", "UAMIRA", text))
    (reply,) = await table(slack, "replies")
    assert reply["text"] == text


async def test_a_link_unfurl_is_not_an_edit(slack):
    _, post = await published(slack)
    ts = "1700001000.000900"
    text = "See https://example.org/report"
    await slack.event(payloads.thread_reply(MEMBERS, post["ts"], ts, "UAMIRA", text))
    unfurl = payloads.message_changed(MEMBERS, post["ts"], ts, "UAMIRA", text, text, "1700001001.000100")
    del unfurl["message"]["edited"]
    unfurl["message"]["attachments"] = [{"from_url": "https://example.org/report", "title": "Report"}]
    await slack.event(unfurl)
    (reply,) = await table(slack, "replies")
    assert reply["text"] == text and not reply["edited"]
