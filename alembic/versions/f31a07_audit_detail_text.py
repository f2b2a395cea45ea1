"""the audit log's details as the Audit screen shows them, stored for sorting and search

Revision ID: f31a07
Revises: e24c02
Create Date: 2026-11-30 06:40:00

The Audit screen sorts by and searches in an entry's details as it shows them (``key=value``
pairs in key order). Worked out in SQL from the JSON for every entry of the log on each
sort or search, that took most of the time on a long log (74 ms of SQL to sort 40,000
entries by their details). ``detail_text`` holds it: filled for the existing entries here,
and kept in step by two triggers whoever writes an entry (the app, an older version, a
hand): after an insert, and after an update of ``detail``. The triggers compute it in SQL
(SQLite's own JSON functions), so any program that writes the log keeps it right.

A later migration that rebuilds ``audit_log`` (a batch "move and copy") drops triggers:
it must create these again (``DETAIL_TEXT_TRIGGERS``).
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'f31a07'
down_revision: Union[str, None] = 'e24c02'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def detail_text_sql(detail: str) -> str:
    """The details as shown, from the stored JSON ``detail``: key=value pairs in key order
    (true/false as True/False, null as nothing, a number as written, a list or an object as
    its JSON); details that are not a JSON object as ``value=...`` (other JSON) or
    ``text=...`` (not JSON)."""
    return f"""CASE WHEN {detail} = '' THEN ''
    WHEN json_valid({detail}) AND json_type({detail}) = 'object' THEN
        coalesce((SELECT group_concat(pair, ', ') FROM (
            SELECT j.key || '=' || CASE j.type WHEN 'null' THEN ''
                WHEN 'true' THEN 'True' WHEN 'false' THEN 'False'
                WHEN 'real' THEN coalesce({detail} -> j.fullkey, j.value)
                ELSE j.value END AS pair
            FROM json_each({detail}) j ORDER BY j.key)), '')
    WHEN json_valid({detail}) THEN 'value=' || {detail}
    ELSE 'text=' || {detail} END"""


DETAIL_TEXT_TRIGGER_NAMES = ("audit_log_detail_text_insert", "audit_log_detail_text_update")
DETAIL_TEXT_TRIGGERS = (
    f"""CREATE TRIGGER audit_log_detail_text_insert AFTER INSERT ON audit_log
    BEGIN UPDATE audit_log SET detail_text = {detail_text_sql('NEW.detail')}
        WHERE id = NEW.id; END""",
    f"""CREATE TRIGGER audit_log_detail_text_update AFTER UPDATE OF detail ON audit_log
    BEGIN UPDATE audit_log SET detail_text = {detail_text_sql('NEW.detail')}
        WHERE id = NEW.id; END""",
)


def upgrade() -> None:
    op.add_column(
        'audit_log',
        sa.Column(
            'detail_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''
        ),
    )
    op.execute(f"UPDATE audit_log SET detail_text = {detail_text_sql('detail')}")
    for statement in DETAIL_TEXT_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for name in DETAIL_TEXT_TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('detail_text')
