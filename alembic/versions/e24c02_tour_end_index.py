"""index on the tour's end for the Rota screen's range query

Revision ID: e24c02
Revises: d13b01
Create Date: 2026-11-30 04:10:00

The Rota screen reads the volunteers who could hold a week of its range: those with a tour
running in it (``start <= last day AND "end" > first day``). With an index on ``end``,
SQLite reads only the tours that end after the range begins (the current and planned ones)
instead of every tour in the database's history.
"""
from typing import Sequence, Union

from alembic import op


revision: str = 'e24c02'
down_revision: Union[str, None] = 'd13b01'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('tour', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tour_end'), ['end'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tour', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tour_end'))
