"""topics may be scheduled to go out later

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_topics_status"), type_="check")
        batch_op.create_check_constraint("status", "status IN ('scheduled', 'open', 'closed')")


def downgrade() -> None:
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_topics_status"), type_="check")
        batch_op.create_check_constraint("status", "status IN ('open', 'closed')")
