"""A vote in four statements: members, posts and cards are remembered, the "still open" check
rides in the vote's own upsert, and what is remembered never outlives an erasure elsewhere."""

from contextlib import contextmanager

from sqlalchemy import event, func, select

from bot.events import VoteCast
from bot.listening import Listening
from storage import Database, Store
from storage.models import MemberRow, VoteRow
from tests.cards import card, poll
from tests.conftest import LONDON

CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")


@contextmanager
def statements_run(database: Database):
    """(verb, table) of each statement the database runs, transaction control left out."""
    seen: list[tuple[str, str]] = []

    def record(_conn, _cursor, statement, *_):
        words = statement.split()
        if words[0].upper() not in CONTROL:
            table = words[words.index("INTO") + 1] if "INTO" in words else words[words.index("FROM") + 1]
            seen.append((words[0].upper(), table.strip('"')))

    engines = [database.engine.sync_engine] + ([database.writer.engine] if database.writer else [])
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


async def published(running, platform, content):
    (topic,) = await running.listening.team.publish_all([content])
    await running.broadcaster.deliver()
    return topic


def vote_from(platform, user: str, topic, option: int, n: int) -> VoteCast:
    (post,) = platform.posts_of(topic.id)[:1]
    return VoteCast(
        event_id=f"Ev{n}",
        member=platform.member(user),
        at=platform.clock.now(),
        topic_id=topic.id,
        option=option,
        post=platform.locator(post, by_message=True),
        reply_to=f"https://hooks.example/{n}",  # the confirmation is owed, durable with the vote
    )


async def test_a_known_members_change_of_vote_is_four_statements(running, platform, database):
    topic = await published(running, platform, card())
    listening = running.listening
    await listening.handle(vote_from(platform, "amira", topic, 0, 1))
    with statements_run(database) as seen:
        outcome = await listening.handle(vote_from(platform, "amira", topic, 2, 2))
    assert "from “Agree” to “Disagree”" in outcome.reply and outcome.owed
    assert seen == [
        ("INSERT", "seen_events"),  # de-duplication
        ("INSERT", "votes"),  # the upsert, which checks the card is open and says what was chosen before
        ("INSERT", "vote_changes"),  # its history
        ("INSERT", "owed_messages"),  # the confirmation, sent after the ack
    ]
    with statements_run(database) as again:
        outcome = await listening.handle(vote_from(platform, "amira", topic, 2, 3))
    assert "already “Disagree”" in outcome.reply
    assert [table for _, table in again] == ["seen_events", "votes", "owed_messages"]  # no history for a repeat


async def test_a_new_members_first_vote_registers_them_in_the_same_unit(running, platform, database):
    topic = await published(running, platform, card())
    await running.listening.handle(vote_from(platform, "amira", topic, 0, 1))
    with statements_run(database) as seen:
        outcome = await running.listening.handle(vote_from(platform, "bilal", topic, 1, 2))
    assert outcome.reply.startswith("Thanks, your response")
    assert [table for _, table in seen] == [
        "seen_events",
        "members",  # looked up
        "members",  # registered
        "votes",
        "vote_changes",
        "owed_messages",
    ]


async def test_a_tally_is_one_query(running, platform, database, store):
    topic = await published(running, platform, poll(choice="multiple"))
    for n, (user, option) in enumerate([("amira", 0), ("amira", 1), ("bilal", 1)]):
        await running.listening.handle(vote_from(platform, user, topic, option, n))
    async with store.reading() as unit:
        with statements_run(database) as seen:
            tally = await unit.votes.tally(topic)
    assert tally.counts[:2] == (1, 2) and tally.voters == 2
    assert seen == [("SELECT", "votes")]


async def test_a_vote_on_a_closed_card_is_refused_though_the_card_was_remembered_open(running, platform):
    topic = await published(running, platform, card())
    await running.listening.handle(vote_from(platform, "amira", topic, 0, 1))
    await running.listening.team.close(topic.ref)
    outcome = await running.listening.handle(vote_from(platform, "amira", topic, 3, 2))
    assert "closed" in outcome.reply and "not recorded" in outcome.reply
    ((_, tally),) = await running.listening.team.topics()
    assert tally.counts == (1, 0, 0, 0)


async def test_a_member_erased_by_another_process_votes_again_as_a_new_member(
    running, platform, database, database_url, clock
):
    topic = await published(running, platform, card())
    await running.listening.handle(vote_from(platform, "amira", topic, 0, 1))  # remembered here
    async with running.listening.store.reading() as unit:
        (pseudonym,) = (await unit.session.execute(select(MemberRow.pseudonym))).scalars()
    async with Database(database_url) as elsewhere:  # the command line, in another process
        erased = await Listening(Store(elsewhere), clock, LONDON).erase(pseudonym)
    assert erased["votes removed"] == 1
    # A newcomer first: on SQLite they may be given the erased member's id, which must not
    # carry amira's next vote over to them.
    await running.listening.handle(vote_from(platform, "bilal", topic, 1, 2))
    outcome = await running.listening.handle(vote_from(platform, "amira", topic, 3, 3))
    assert outcome.reply.startswith("Thanks, your response")  # new again: no earlier choice
    ((_, tally),) = await running.listening.team.topics()
    assert tally.counts == (0, 1, 0, 1) and tally.voters == 2
    async with running.listening.store.reading() as unit:
        members = await unit.session.scalar(select(func.count(func.distinct(VoteRow.member_id))))
        pseudonyms = set((await unit.session.execute(select(MemberRow.pseudonym))).scalars())
    assert members == 2 and pseudonym not in pseudonyms
