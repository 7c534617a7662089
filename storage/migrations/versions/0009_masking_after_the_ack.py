"""replies and ideas are masked soon after their event is acknowledged, not before

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

Masking a text takes milliseconds of CPU, which the bot no longer spends before it
acknowledges an event: a new reply, edit or idea is recorded with `masked_text` NULL and
masked by a background job (and, at the latest, when a summary is compiled). Two partial
indexes let that job find what it still has to mask. No existing data changes: rows already
masked stay masked, and any left unmasked are picked up by the job.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

UNMASKED = "masked_text IS NULL AND text IS NOT NULL"


def upgrade() -> None:
    for table in ("replies", "ideas"):
        op.create_index(
            f"ix_{table}_unmasked",
            table,
            ["id"],
            sqlite_where=sa.text(UNMASKED),
            postgresql_where=sa.text(UNMASKED),
        )


def downgrade() -> None:
    for table in ("replies", "ideas"):
        op.drop_index(f"ix_{table}_unmasked", table_name=table)
