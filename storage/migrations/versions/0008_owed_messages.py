"""private answers owed after an ack are kept until sent

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

A new, empty table: a confirmation owed to a member (a vote's "Thanks, …", sent to Slack's
response URL after the click is acknowledged) is written in the event's own transaction and
deleted once sent, so a crash after the ack no longer loses it. No existing data changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "owed_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("destination", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_owed_messages")),
    )
    op.create_index("ix_owed_messages_due", "owed_messages", ["platform", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_owed_messages_due", table_name="owed_messages")
    op.drop_table("owed_messages")
