"""indexes for the screens' range queries

Revision ID: 0007_indexes
Revises: 0005
Create Date: 2026-11-29 23:15:00

The Rota screen and the rota services read the shifts overlapping a range of weeks
(``slot_start < end AND slot_end > start``): with an index on ``slot_end`` too, SQLite
reads only the shifts near the range instead of every earlier one. A volunteer's history
and a shift's last change look the audit log up by (entity, entity_id).
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0007_indexes'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_slot_end'), ['slot_end'], unique=False)
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_entity_entity_id', ['entity', 'entity_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity_entity_id')
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shift_slot_end'))
