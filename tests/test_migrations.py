"""Schema changes carry existing data forward."""

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
        for i in (1, 2):
            await run(
                text(
                    "INSERT INTO members (id, platform, workspace_id, user_id, pseudonym, role, is_bot, first_seen_at) "
                    "VALUES (:i, 'slack', 'T1', :u, :p, 'member', 0, :t)"
                ),
                {"i": i, "u": f"U{i}", "p": f"m-{i}", "t": T0},
            )
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
