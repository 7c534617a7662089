"""members erased before erase meant erase are erased as now

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

No schema change: carries data forward. Until now `erase` kept the member's row under a
new pseudonym (platform user id `erased-…`), with their emptied replies, ideas, reactions on
closed topics and kept votes all still tied to it, at their exact times. Each such member is
now erased as `Members.erase` does it: replies, ideas and reactions go; votes on topics not
closed go, with their history; each closed topic's votes move to an anonymous voter of that
topic alone, dated to its end, with a history of one entry per vote; then the row goes.
Closed results are unchanged. There is no way back: the downgrade changes nothing.
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ERASED = "erased-%"  # what the earlier erase set as the platform user id
ANONYMOUS = "anonymous:"  # storage.members.ANONYMOUS
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # storage.repositories' pseudonyms
CLOSED = "(t.status = 'closed' OR t.closes_at <= CURRENT_TIMESTAMP)"
ENDED = "COALESCE(t.closed_at, t.closes_at)"


def _pseudonym() -> str:
    return "m-" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


def upgrade() -> None:
    run = op.get_bind().execute
    erased = run(sa.text("SELECT id, platform FROM members WHERE user_id LIKE :erased ORDER BY id"), {"erased": ERASED})
    for member_id, platform in erased.all():
        mine = {"m": member_id}
        topics = run(
            sa.text(
                f"SELECT DISTINCT v.topic_id FROM votes v JOIN topics t ON t.id = v.topic_id "
                f"WHERE v.member_id = :m AND {CLOSED} AND {ENDED} IS NOT NULL"
            ),
            mine,
        )
        topic_ids = list(topics.scalars())
        secrets.SystemRandom().shuffle(topic_ids)
        for topic_id in topic_ids:
            user_id = ANONYMOUS + secrets.token_hex(16)
            run(
                sa.text(
                    "INSERT INTO members (platform, workspace_id, user_id, pseudonym, role, is_bot, first_seen_at) "
                    f"SELECT :platform, '', :user_id, :pseudonym, 'member', FALSE, {ENDED} "
                    "FROM topics t WHERE t.id = :t"
                ),
                {"platform": platform, "user_id": user_id, "pseudonym": _pseudonym(), "t": topic_id},
            )
            anonymous = run(sa.text("SELECT id FROM members WHERE user_id = :u"), {"u": user_id}).scalar_one()
            ids = {"m": member_id, "t": topic_id, "a": anonymous}
            run(sa.text("DELETE FROM vote_changes WHERE member_id = :m AND topic_id = :t"), ids)
            run(
                sa.text(
                    f"UPDATE votes SET member_id = :a, changes = 0, "
                    f"cast_at = (SELECT {ENDED} FROM topics t WHERE t.id = :t), "
                    f"changed_at = (SELECT {ENDED} FROM topics t WHERE t.id = :t) "
                    "WHERE member_id = :m AND topic_id = :t"
                ),
                ids,
            )
            run(
                sa.text(
                    "INSERT INTO vote_changes (topic_id, member_id, slot, option, at) "
                    "SELECT topic_id, member_id, slot, option, cast_at FROM votes WHERE member_id = :a ORDER BY slot"
                ),
                ids,
            )
        for table in ("votes", "vote_changes", "reactions", "replies", "ideas"):
            run(sa.text(f"DELETE FROM {table} WHERE member_id = :m"), mine)
        run(sa.text("DELETE FROM members WHERE id = :m"), mine)


def downgrade() -> None:
    pass  # what was erased cannot come back
