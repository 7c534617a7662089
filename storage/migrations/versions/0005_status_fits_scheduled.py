"""the status column fits "scheduled"

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(8), type_=sa.String(10), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(10), type_=sa.String(8), existing_nullable=False)
