"""every vote change is kept; replies and ideas keep a masked copy of their text

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Carries data forward: each current vote becomes the first entry of its history (at the
time it was first cast), and every reply and idea still holding text is masked now, in
batches, so summaries never need to mask at compile time.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    op.create_table(
        "vote_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("option", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("option IS NULL OR option >= 0", name=op.f("ck_vote_changes_option")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_vote_changes_member_id_members"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_vote_changes_topic_id_topics"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_changes")),
    )
    op.create_index("ix_vote_changes_topic_member", "vote_changes", ["topic_id", "member_id", "slot", "at", "id"])
    # Today's votes are all anyone knows of their history: each is its own first entry.
    op.execute(
        "INSERT INTO vote_changes (topic_id, member_id, slot, option, at) "
        "SELECT topic_id, member_id, slot, option, cast_at FROM votes ORDER BY cast_at, id"
    )

    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("masked_text", sa.Text(), nullable=True))
        batch_op.drop_constraint(op.f("ck_replies_deleted_has_no_text"), type_="check")
        batch_op.create_check_constraint(
            "deleted_has_no_text", "deleted_at IS NULL OR (text IS NULL AND masked_text IS NULL)"
        )
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("masked_text", sa.Text(), nullable=True))
    _mask_existing("replies")
    _mask_existing("ideas")


def _mask_existing(table: str) -> None:
    from bot.privacy import mask_many  # the same masking as at record time

    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.text(f"SELECT id, text FROM {table} WHERE id > :last AND text IS NOT NULL ORDER BY id LIMIT {BATCH}"),
            {"last": last},
        ).all()
        if not rows:
            return
        for (row_id, _), masked in zip(rows, mask_many([text for _, text in rows]), strict=True):
            connection.execute(
                sa.text(f"UPDATE {table} SET masked_text = :masked WHERE id = :id"), {"masked": masked, "id": row_id}
            )
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_column("masked_text")
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_replies_deleted_has_no_text"), type_="check")
        batch_op.create_check_constraint("deleted_has_no_text", "deleted_at IS NULL OR text IS NULL")
        batch_op.drop_column("masked_text")
    op.drop_index("ix_vote_changes_topic_member", table_name="vote_changes")
    op.drop_table("vote_changes")
