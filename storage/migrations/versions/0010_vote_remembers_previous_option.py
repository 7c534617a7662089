"""a vote remembers what its slot held before its latest click, so one statement casts it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

A vote is now cast by one upsert that also says what the member had chosen before (for
"Changed your response from … to …"), instead of reading the current choice first. The
database returns the row as written, so the row keeps `previous_option`: what the slot
held before the latest click on it (the same option when a member clicks their choice
again; NULL for a vote cast once). Existing votes are carried forward from their history:
each slot's entry before its last one (NULL where there is none, or where that entry was a
withdrawal).
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

FROM_HISTORY = """
UPDATE votes SET previous_option = (
    SELECT vc.option FROM vote_changes vc
    WHERE vc.topic_id = votes.topic_id AND vc.member_id = votes.member_id AND vc.slot = votes.slot
    ORDER BY vc.at DESC, vc.id DESC
    LIMIT 1 OFFSET 1
)
WHERE changes > 0
"""


def upgrade() -> None:
    with op.batch_alter_table("votes") as batch:
        batch.add_column(sa.Column("previous_option", sa.Integer(), nullable=True))
    op.execute(FROM_HISTORY)


def downgrade() -> None:
    with op.batch_alter_table("votes") as batch:
        batch.drop_column("previous_option")
