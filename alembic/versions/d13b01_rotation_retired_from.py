"""rotation retired from a date

Revision ID: d13b01
Revises: 0006_page_follow_ups

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'd13b01'
down_revision: Union[str, None] = '0006_page_follow_ups'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('rotation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_from', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rotation', schema=None) as batch_op:
        batch_op.drop_column('retired_from')
