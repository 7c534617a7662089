"""Thread replies (with edits and deletions) and reactions, keyed to their card."""

from bot.events import PostLocator
from storage.exports import datasets, records
from tests.cards import card


async def published(running, platform):
    (topic,) = await running.listening.team.publish_all([card()])
    await running.broadcaster.deliver()
    return topic, platform.posts_of(topic.id)[0]


async def replies(store):
    async with store.unit() as unit:
        table = next(d for d in datasets() if d.name == "replies")
        return [r async for r in records(unit.session, table)]


async def test_a_reply_in_a_card_thread_is_recorded_against_the_card(running, platform, store):
    topic, post = await published(running, platform)
    await platform.reply("amira", post, "Ring-fencing helps, but the deficit is the real issue.")
    (reply,) = await replies(store)
    assert reply["topic"] == topic.ref
    assert reply["text"] == "Ring-fencing helps, but the deficit is the real issue."
    assert not reply["edited"] and not reply["deleted"]


async def test_messages_outside_card_threads_are_not_recorded(running, platform, store):
    await published(running, platform)
    elsewhere = PostLocator(platform.platform, platform.workspace_id, "C-members", thread_id="some-other-thread")
    from bot.events import ReplyPosted

    await running.dispatch(
        ReplyPosted(
            event_id="e1",
            member=platform.member("amira"),
            at=platform.clock.now(),
            post=elsewhere,
            message_id="m1",
            text="lunch?",
        )
    )
    assert await replies(store) == []


async def test_an_edit_keeps_the_latest_text_and_marks_it_edited(running, platform, store):
    _, post = await published(running, platform)
    message_id = await platform.reply("amira", post, "First thought")
    await platform.edit("amira", post, message_id, "Second thought")
    (reply,) = await replies(store)
    assert reply["text"] == "Second thought" and reply["edited"]


async def test_a_deleted_reply_loses_its_text_and_stays_deleted(running, platform, store):
    _, post = await published(running, platform)
    message_id = await platform.reply("amira", post, "Something I regret", event_id="post-1")
    await platform.delete("amira", post, message_id)
    # A late edit, and a redelivery of the original post under a new event id, bring nothing back.
    await platform.edit("amira", post, message_id, "Something I regret, edited")
    await platform.reply("amira", post, "Something I regret", message_id=message_id)
    (reply,) = await replies(store)
    assert reply["deleted"] and reply["text"] is None
    counts = await platform.command("staff-1", "recorded", staff=True)
    assert "  replies: 0" in counts.reply and "deleted replies: 1" in counts.reply


async def test_a_deletion_that_arrives_before_its_post_still_wins(running, platform, store):
    _, post = await published(running, platform)
    await platform.delete("amira", post, "m-early")  # from someone never seen: a tombstone, not a reply
    await platform.reply("amira", post, "arrived late", message_id="m-early")
    assert await replies(store) == []  # the late post does not bring it back
    counts = await platform.command("staff-1", "recorded", staff=True)
    assert "  replies: 0" in counts.reply and "deleted replies: 0" in counts.reply


async def test_an_edit_of_a_reply_never_seen_records_it(running, platform, store):
    _, post = await published(running, platform)
    await platform.edit("amira", post, "m-missed", "Edited text of a message we missed")
    (reply,) = await replies(store)
    assert reply["text"] == "Edited text of a message we missed" and reply["edited"]


async def test_odd_and_oversized_text_is_stored_faithfully(running, platform, store):
    _, post = await published(running, platform)
    odd = "<!channel> *bold* `code` 👩🏽‍🏫 ñ \u202e reversed " + "x" * 40_000
    await platform.reply("amira", post, odd)
    await platform.reply("bea", post, "NUL\x00 and a lone surrogate \ud800 here")
    first, second = await replies(store)
    assert first["text"] == odd
    assert second["text"] == "NUL\ufffd and a lone surrogate \ufffd here"


async def test_reactions_are_recorded_and_can_be_taken_back(running, platform, store):
    topic, post = await published(running, platform)
    await platform.react("amira", post, "👍")
    await platform.react("amira", post, "👍", event_id="dup-of-nothing")  # a second add is still one reaction
    await platform.react("bea", post, ":thinking_face:")
    await platform.react("bea", post, ":thinking_face:", remove=True)
    async with store.unit() as unit:
        table = next(d for d in datasets() if d.name == "reactions")
        rows = [r async for r in records(unit.session, table)]
    assert [(r["topic"], r["emoji"]) for r in rows] == [(topic.ref, "👍")]


async def test_reactions_by_bots_are_not_recorded(running, platform, store):
    _, post = await published(running, platform)
    await platform.react("B0T", post, "🤖", bot=True)
    counts = await platform.command("staff-1", "recorded", staff=True)
    assert "reactions: 0" in counts.reply


async def test_only_the_author_can_edit_a_reply(running, platform, store):
    _, post = await published(running, platform)
    message_id = await platform.reply("amira", post, "My view")
    await platform.edit("bea", post, message_id, "Not amira's view")
    (reply,) = await replies(store)
    assert reply["text"] == "My view" and not reply["edited"]
