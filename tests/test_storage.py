"""The schema itself protects the numbers, whoever writes to it."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import insert, inspect, select
from sqlalchemy.exc import IntegrityError

from bot.domain import ChannelRef, MemberRef
from bot.domain.members import StaleReference
from storage import Database
from storage.models import IdeaRow, ReplyRow, SeenEventRow, VoteRow
from tests.cards import card, poll

NOW = datetime(2026, 11, 16, 9, tzinfo=timezone.utc)


async def setup_vote(store):
    async with store.unit() as unit:
        topic = await unit.topics.add(card(), NOW)
        member_id = await unit.members.ensure(MemberRef("slack", "T1", "U1"), NOW)
    return topic, member_id


async def raw_insert(store, table, **values):
    async with store.unit() as unit:
        await unit.session.execute(insert(table).values(**values))


async def test_the_schema_refuses_a_second_vote_by_the_same_member(store):
    topic, member_id = await setup_vote(store)
    values = dict(topic_id=topic.id, member_id=member_id, option=0, slot=0, cast_at=NOW, changed_at=NOW, changes=0)
    await raw_insert(store, VoteRow, **values)
    with pytest.raises(IntegrityError):
        await raw_insert(store, VoteRow, **{**values, "option": 2})


async def test_the_schema_refuses_votes_for_unknown_cards_or_members(store):
    topic, member_id = await setup_vote(store)
    # A unit tells the core of a refused reference in the core's own terms, caused by the database's refusal.
    with pytest.raises(StaleReference) as refused:
        await raw_insert(
            store, VoteRow, topic_id=999, member_id=member_id, option=0, slot=0, cast_at=NOW, changed_at=NOW, changes=0
        )
    assert isinstance(refused.value.__cause__, IntegrityError)
    with pytest.raises(StaleReference):
        await raw_insert(store, IdeaRow, member_id=999, text="orphan", submitted_at=NOW)


async def test_the_schema_refuses_a_slot_that_does_not_match_its_option(store):
    topic, member_id = await setup_vote(store)
    with pytest.raises(IntegrityError):
        await raw_insert(
            store,
            VoteRow,
            topic_id=topic.id,
            member_id=member_id,
            option=2,
            slot=1,
            cast_at=NOW,
            changed_at=NOW,
            changes=0,
        )


async def test_event_ids_are_unique_per_platform(store):
    await raw_insert(store, SeenEventRow, platform="slack", event_id="Ev1", seen_at=NOW)
    await raw_insert(store, SeenEventRow, platform="discord", event_id="Ev1", seen_at=NOW)
    with pytest.raises(IntegrityError):
        await raw_insert(store, SeenEventRow, platform="slack", event_id="Ev1", seen_at=NOW)


async def test_a_deleted_reply_cannot_keep_its_text(store):
    topic, member_id = await setup_vote(store)
    async with store.unit() as unit:
        channel_id = await unit.channels.register(ChannelRef("slack", "T1", "C1"))
        post_id = await unit.posts.claim(topic.id, channel_id, NOW)
    with pytest.raises(IntegrityError):
        await raw_insert(
            store,
            ReplyRow,
            post_id=post_id,
            member_id=member_id,
            message_id="m1",
            text="kept",
            posted_at=NOW,
            deleted_at=NOW,
        )


async def test_a_topic_is_claimed_once_per_channel(store):
    topic, _ = await setup_vote(store)
    async with store.unit() as unit:
        channel_id = await unit.channels.register(ChannelRef("slack", "T1", "C1"))
        first = await unit.posts.claim(topic.id, channel_id, NOW)
        second = await unit.posts.claim(topic.id, channel_id, NOW)
    assert first is not None and second is None


async def test_a_member_is_registered_once_with_a_stable_pseudonym(store):
    who = MemberRef("discord", "G1", "1234")
    async with store.unit() as unit:
        first = await unit.members.ensure(who, NOW)
        again = await unit.members.ensure(who, NOW)
        pseudonym = (await unit.readouts.member_data(first))["member"]
    assert first == again
    assert pseudonym.startswith("m-") and "1234" not in pseudonym


async def test_times_come_back_as_the_same_aware_instant(store):
    async with store.unit() as unit:
        topic = await unit.topics.add(poll(closes_at=datetime(2026, 12, 4, 17, tzinfo=timezone.utc)), NOW)
    async with store.unit() as unit:
        again = await unit.topics.get(topic.id)
    assert again.content.closes_at == datetime(2026, 12, 4, 17, tzinfo=timezone.utc)
    assert again.published_at == NOW and again.published_at.tzinfo is not None
    assert again.content == topic.content


async def test_upgrading_an_up_to_date_database_does_nothing(database):
    assert await database.upgrade() is False
    async with database.engine.connect() as conn:
        tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    assert {"topics", "votes", "replies", "reactions", "ideas", "members", "posts", "seen_events"} <= tables


async def test_a_fresh_sqlite_file_is_created_and_migrated(tmp_path):
    path = tmp_path / "new.db"
    async with Database(f"sqlite:///{path}") as database:  # plain sqlite:/// URLs are accepted too
        assert await database.upgrade() is True
        async with database.engine.connect() as conn:
            assert (await conn.execute(select(1))).scalar_one() == 1
    assert path.exists()


async def test_the_migrations_build_exactly_the_schema_the_models_describe(database):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.models import Base

    def differences(conn):
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)

    async with database.engine.connect() as conn:
        assert await conn.run_sync(differences) == []
