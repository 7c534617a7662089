"""Members' texts are recorded (and acknowledged) first and masked soon after; a summary
only ever sees masked text, whether or not the masking backlog has caught up."""

import asyncio

from bot.runtime import Runtime
from bot.summary.heard import compile_heard, compile_in
from bot.summary.period import current_week
from storage.exports import datasets, records
from tests.cards import card
from tests.conftest import LONDON

PERSONAL = "Priya Patel at Oakfield Primary School said the funding is short."


class Gate:
    """A sleep that waits until the test opens it: the masking pause, held on purpose (the
    runtime's other pauses are 0 here and pass at once)."""

    def __init__(self) -> None:
        self.open = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        if seconds:
            await self.open.wait()


async def rows(store, name: str) -> list[dict]:
    async with store.reading() as unit:
        table = next(d for d in datasets() if d.name == name)
        return [r async for r in records(unit.session, table)]


async def started(listening, platform, clock, sleep) -> Runtime:
    runtime = Runtime(listening, [platform], clock, sync_interval=None, tally_interval=0, sleep=sleep)
    await runtime.start()
    await runtime.masked()  # the run at start, for what an earlier run left, is over
    return runtime


async def a_post(runtime, platform):
    (topic,) = await runtime.listening.team.publish_all([card()])
    await runtime.broadcaster.deliver()
    return platform.posts_of(topic.id)[0]


async def test_a_reply_is_recorded_as_written_at_once_and_masked_after_the_ack(listening, platform, clock, store):
    gate = Gate()
    runtime = await started(listening, platform, clock, gate)
    post = await a_post(runtime, platform)
    await platform.reply("amira", post, PERSONAL)
    (reply,) = await rows(store, "replies")
    assert reply["text"] == PERSONAL and reply["masked_text"] is None  # acknowledged before masking
    gate.open.set()
    await runtime.masked()
    (reply,) = await rows(store, "replies")
    assert "Priya" not in reply["masked_text"] and "[a person]" in reply["masked_text"]
    assert "Oakfield" not in reply["masked_text"] and "the funding is short" in reply["masked_text"]
    await runtime.stop()


async def test_an_edit_drops_the_old_masked_copy_and_the_new_text_is_masked(listening, platform, clock, store):
    gate = Gate()
    gate.open.set()
    runtime = await started(listening, platform, clock, gate)
    post = await a_post(runtime, platform)
    message_id = await platform.reply("amira", post, "Agree in part.")
    await runtime.masked()
    gate.open.clear()
    await platform.edit("amira", post, message_id, PERSONAL)
    (reply,) = await rows(store, "replies")
    assert reply["masked_text"] is None  # never the old text's copy beside the new text
    gate.open.set()
    await runtime.masked()
    (reply,) = await rows(store, "replies")
    assert reply["text"] == PERSONAL and "[a person]" in reply["masked_text"]
    await runtime.stop()


async def test_what_a_stopped_run_left_unmasked_is_masked_when_the_next_run_starts(listening, platform, clock, store):
    runtime = await started(listening, platform, clock, Gate())  # its masking never gets going
    post = await a_post(runtime, platform)
    await platform.reply("amira", post, PERSONAL)
    await platform.idea("bilal", "Ask Priya Patel at Oakfield Primary School to pool supply staff.")
    await runtime.stop()
    assert [r["masked_text"] for r in await rows(store, "replies") + await rows(store, "ideas")] == [None, None]

    opened = Gate()
    opened.open.set()
    again = await started(listening, platform, clock, opened)
    await again.masked()
    masked = [r["masked_text"] for r in await rows(store, "replies") + await rows(store, "ideas")]
    assert all("[a person]" in m and "Priya" not in m for m in masked), masked
    await again.stop()


async def test_a_summary_masks_what_the_backlog_has_not_reached(listening, platform, clock, store):
    runtime = await started(listening, platform, clock, Gate())
    post = await a_post(runtime, platform)
    await platform.reply("amira", post, PERSONAL)
    await platform.idea("bilal", "Ask Priya Patel at Oakfield Primary School to pool supply staff.")
    week = current_week(clock.now(), LONDON)

    async with store.reading() as unit:  # inside a transaction (a chat command's): masked, not kept
        (idea,) = (await compile_in(unit, week, clock.now())).ideas
    assert "Priya" not in idea[1] and "[a person]" in idea[1]
    assert [r["masked_text"] for r in await rows(store, "ideas")] == [None]

    heard = await compile_heard(store, week, clock.now())  # the scheduled summary: masked and kept
    assert "Priya" not in heard.ideas[0][1]
    quoted = [q for topic in heard.topics for theme in topic.themes for q in theme.quotes]
    assert quoted and all("Priya" not in q and "Oakfield" not in q for q in quoted)
    assert all(r["masked_text"] for r in await rows(store, "replies") + await rows(store, "ideas"))
    await runtime.stop()
