"""Schema changes carry existing data forward."""

from contextlib import asynccontextmanager
from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from storage import Database
from storage.database import MIGRATIONS

T0 = datetime(2026, 11, 10, 9, tzinfo=timezone.utc)
T1 = datetime(2026, 11, 18, 9, tzinfo=timezone.utc)


def _to(connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def two_members(run) -> None:
    """Members 1 and 2 (U1 and U2), as any schema since 0001 holds them."""
    for i in (1, 2):
        await run(
            text(
                "INSERT INTO members (id, platform, workspace_id, user_id, pseudonym, role, is_bot, first_seen_at) "
                "VALUES (:i, 'slack', 'T1', :u, :p, 'member', :no, :t)"
            ),
            {"i": i, "u": f"U{i}", "p": f"m-{i}", "no": False, "t": T0},
        )


@pytest.fixture
async def at_0005(tmp_path):
    async with Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}") as database:
        async with database.engine.begin() as conn:
            await conn.run_sync(_to, "0005")
        yield database


async def test_current_votes_become_the_first_entry_of_their_history_and_replies_are_masked(at_0005):
    database = at_0005
    async with database.engine.begin() as conn:
        run = conn.execute
        await run(
            text(
                "INSERT INTO topics (id, kind, slug, title, content, option_count, multiple, status, published_at) "
                "VALUES (1, 'card', 'c', 'A card', '{}', 4, 0, 'open', :t)"
            ),
            {"t": T0},
        )
        await two_members(run)
        await run(
            text(
                "INSERT INTO votes (topic_id, member_id, option, slot, cast_at, changed_at, changes) VALUES "
                "(1, 1, 2, 0, :t0, :t1, 3), (1, 2, 0, 0, :t1, :t1, 0)"
            ),
            {"t0": T0, "t1": T1},
        )
        await run(
            text(
                "INSERT INTO channels (id, platform, workspace_id, channel_id, role, name) "
                "VALUES (1, 'slack', 'T1', 'C1', 'member', 'members')"
            )
        )
        await run(
            text("INSERT INTO posts (id, topic_id, channel_id, state, claimed_at) VALUES (1, 1, 1, 'posted', :t)"),
            {"t": T0},
        )
        await run(
            text(
                "INSERT INTO replies (post_id, member_id, message_id, text, posted_at) VALUES "
                "(1, 1, 'm1', 'Ask Sarah Jones at sarah.jones@oakwoodtrust.org.uk about the EHCP backlog', :t), "
                "(1, 2, 'm2', NULL, :t)"
            ),
            {"t": T0},
        )
        await run(
            text("INSERT INTO ideas (member_id, text, submitted_at) VALUES (1, 'Ring me on 07700 900123', :t)"),
            {"t": T0},
        )
    assert await database.upgrade() is True

    async with database.engine.connect() as conn:
        history = (await conn.execute(text("SELECT member_id, slot, option, at FROM vote_changes ORDER BY id"))).all()
        replies = (await conn.execute(text("SELECT text, masked_text FROM replies ORDER BY id"))).all()
        idea = (await conn.execute(text("SELECT text, masked_text FROM ideas"))).one()
    assert [(m, slot, option) for m, slot, option, _ in history] == [(1, 0, 2), (2, 0, 0)]
    assert str(history[0][3]).startswith("2026-11-10 09:00")  # first cast, with today's choice
    original, masked = replies[0]
    assert original.startswith("Ask Sarah Jones")  # the member's own text is kept as it was
    assert "Sarah" not in masked and "Jones" not in masked and "oakwood" not in masked.lower()
    assert "EHCP backlog" in masked
    assert replies[1] == (None, None)  # a deleted reply stays without text
    assert idea[0] == "Ring me on 07700 900123" and "07700" not in idea[1]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def old_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    return request.getfixturevalue("postgres_url") + "_old"  # skips (or fails under CI) without a server


@asynccontextmanager
async def migrated_to(url: str, revision: str):
    """A database of the URL's kind migrated to `revision` only."""
    from storage.database import create_database_if_missing, drop_database

    postgres = url.startswith("postgresql")
    if postgres:
        await create_database_if_missing(url)
    try:
        async with Database(url) as database:
            async with database.engine.begin() as conn:
                await conn.run_sync(_to, revision)
            yield database
    finally:
        if postgres:
            await drop_database(url)


@pytest.fixture
async def at_0006(old_url):
    async with migrated_to(old_url, "0006") as database:
        yield database


@pytest.fixture
async def at_0009(old_url):
    async with migrated_to(old_url, "0009") as database:
        yield database


def _utc(value) -> datetime:
    """A time as read back by raw SQL: a datetime (PostgreSQL) or its text (SQLite)."""
    value = datetime.fromisoformat(value) if isinstance(value, str) else value
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


async def test_members_erased_the_old_way_are_erased_as_now_and_closed_results_stay(at_0006):
    """The old erase kept the row (user id `erased-…`, a new pseudonym) with everything tied to it."""
    database = at_0006
    closed_at = datetime(2026, 11, 20, 17, tzinfo=timezone.utc)
    async with database.engine.begin() as conn:
        run = conn.execute
        for topic_id, status, multiple, closed in ((1, "closed", False, closed_at), (2, "closed", True, closed_at)):
            await run(
                text(
                    "INSERT INTO topics (id, kind, slug, title, content, option_count, multiple, status, "
                    "published_at, closed_at) VALUES (:i, 'card', :s, 'A card', '{}', 4, :multiple, :status, :t, :c)"
                ),
                {"i": topic_id, "s": f"c{topic_id}", "multiple": multiple, "status": status, "t": T0, "c": closed},
            )
        ids = {}
        for user_id, pseudonym in (("erased-0a1b2c", "m-erased"), ("U2", "m-bea")):
            ids[user_id] = (
                await run(
                    text(
                        "INSERT INTO members (platform, workspace_id, user_id, pseudonym, role, is_bot, first_seen_at) "
                        "VALUES ('slack', 'T1', :u, :p, 'member', :no, :t) RETURNING id"
                    ),
                    {"u": user_id, "p": pseudonym, "no": False, "t": T0},
                )
            ).scalar_one()
        times = {"t0": T0, "t1": T1, "e": ids["erased-0a1b2c"], "b": ids["U2"]}
        await run(
            text(
                "INSERT INTO votes (topic_id, member_id, option, slot, cast_at, changed_at, changes) VALUES "
                "(1, :e, 2, 0, :t0, :t1, 1), (2, :e, 0, 0, :t0, :t0, 0), (2, :e, 3, 3, :t1, :t1, 0), "
                "(1, :b, 2, 0, :t0, :t0, 0)"
            ),
            times,
        )
        await run(
            text(
                "INSERT INTO vote_changes (topic_id, member_id, slot, option, at) VALUES (1, :e, 0, 0, :t0), "
                "(1, :e, 0, 2, :t1), (2, :e, 0, 0, :t0), (2, :e, 1, 1, :t0), (2, :e, 1, NULL, :t1), "
                "(2, :e, 3, 3, :t1), (1, :b, 0, 2, :t0)"
            ),
            times,
        )
        await run(
            text(
                "INSERT INTO channels (id, platform, workspace_id, channel_id, role, name) "
                "VALUES (1, 'slack', 'T1', 'C1', 'member', 'members')"
            )
        )
        await run(
            text("INSERT INTO posts (id, topic_id, channel_id, state, claimed_at) VALUES (1, 1, 1, 'posted', :t0)"),
            times,
        )
        await run(
            text(
                "INSERT INTO replies (post_id, member_id, message_id, text, posted_at, deleted_at) VALUES "
                "(1, :e, 'm1', NULL, :t0, :t0), (1, :b, 'm2', 'Bea said this', :t0, NULL)"
            ),
            times,
        )
        await run(
            text("INSERT INTO reactions (post_id, member_id, emoji, added_at) VALUES (1, :e, 'tada', :t0)"), times
        )
        await run(
            text("INSERT INTO ideas (member_id, text, submitted_at) VALUES (:e, '(removed at the request)', :t0)"),
            times,
        )
    assert await database.upgrade() is True

    bea = ids["U2"]
    async with database.engine.connect() as conn:
        q = conn.execute
        members = (await q(text("SELECT id, user_id, pseudonym, first_seen_at FROM members ORDER BY id"))).all()
        votes = (await q(text("SELECT topic_id, member_id, option, cast_at, changed_at, changes FROM votes"))).all()
        history = (await q(text("SELECT topic_id, member_id, slot, option, at FROM vote_changes"))).all()
        left = [
            (await q(text(f"SELECT member_id FROM {t}"))).scalars().all() for t in ("replies", "reactions", "ideas")
        ]
    assert ids["erased-0a1b2c"] not in [m[0] for m in members] and bea in [m[0] for m in members]
    anonymous = {m[0]: m for m in members if m[0] != bea}
    assert len(anonymous) == 2 and all(m[1].startswith("anonymous:") and m[2] != "m-erased" for m in anonymous.values())
    assert all(_utc(m[3]) == closed_at for m in anonymous.values())
    kept = sorted((t, o, m) for t, m, o, *_ in votes if m in anonymous)
    assert [(t, o) for t, o, _ in kept] == [(1, 2), (2, 0), (2, 3)]  # closed results as they were
    assert kept[0][2] != kept[1][2] == kept[2][2]  # a voter per topic: none on two topics
    assert all(
        _utc(v[3]) == _utc(v[4]) == closed_at and v[5] == 0 for v in votes if v[1] in anonymous
    )  # no times of their own
    assert sorted((t, s, o) for t, m, s, o, _ in history if m in anonymous) == [(1, 0, 2), (2, 0, 0), (2, 3, 3)]
    assert all(_utc(h[4]) == closed_at for h in history if h[1] in anonymous)
    assert [(t, o, _utc(at)) for t, m, o, at, *_ in votes if m == bea] == [(1, 2, T0)]  # bea's as they were
    assert sorted(left) == [[], [], [bea]]  # bea's reply stays; the tombstone, reaction and idea are gone


async def test_each_vote_learns_what_its_slot_held_before_its_last_change(at_0009):
    """0010: `previous_option`, which the vote's upsert now returns, is carried from the history."""
    database = at_0009
    async with database.engine.begin() as conn:
        run = conn.execute
        await run(
            text(
                "INSERT INTO topics (id, kind, slug, title, content, option_count, multiple, status, published_at) "
                "VALUES (1, 'card', 'c', 'A card', '{}', 4, :no, 'open', :t), "
                "(2, 'poll', 'p', 'A poll', '{}', 4, :yes, 'open', :t)"
            ),
            {"t": T0, "no": False, "yes": True},
        )
        await two_members(run)
        times = {"t0": T0, "t1": T1, "t2": datetime(2026, 11, 19, 9, tzinfo=timezone.utc)}
        await run(
            text(
                "INSERT INTO votes (topic_id, member_id, option, slot, cast_at, changed_at, changes) VALUES "
                "(1, 1, 3, 0, :t0, :t2, 2), (1, 2, 0, 0, :t0, :t0, 0), (2, 1, 1, 1, :t2, :t2, 0)"
            ),
            times,
        )
        await run(
            text(
                "INSERT INTO vote_changes (topic_id, member_id, slot, option, at) VALUES "
                "(1, 1, 0, 0, :t0), (1, 1, 0, 2, :t1), (1, 1, 0, 3, :t2), (1, 2, 0, 0, :t0), "
                "(2, 1, 1, 1, :t0), (2, 1, 1, NULL, :t1), (2, 1, 1, 1, :t2)"
            ),
            times,
        )
    assert await database.upgrade()
    async with database.engine.connect() as conn:
        votes = (await conn.execute(text("SELECT topic_id, member_id, option, previous_option FROM votes"))).all()
    assert sorted(votes) == [
        (1, 1, 3, 2),  # changed twice: 0, then 2, then 3
        (1, 2, 0, None),  # cast once
        (2, 1, 1, None),  # chosen again after a withdrawal: a vote cast anew
    ]
