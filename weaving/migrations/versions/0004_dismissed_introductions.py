"""dismissed introductions: status 'dismissed', the reason and the day

The weaver can dismiss a suggested introduction with a reason (not relevant /
already in contact / tried, did not work); made, confirmed and dismissed
introductions are the outcomes the link model learns from.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('suggested', 'made', 'confirmed', 'declined')"
NEW_STATUSES = "status IN ('suggested', 'made', 'confirmed', 'declined', 'dismissed')"
REASONS = "dismiss_reason IN ('', 'not_relevant', 'already_in_contact', 'did_not_work')"


def upgrade() -> None:
    with op.batch_alter_table('introductions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dismissed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('dismiss_reason', sa.String(length=30), nullable=False, server_default=''))
        batch_op.drop_constraint(op.f('ck_introductions_status_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_introductions_status_valid'), sa.text(NEW_STATUSES))
        batch_op.create_check_constraint(op.f('ck_introductions_dismiss_reason_valid'), sa.text(REASONS))


def downgrade() -> None:
    # dismissed suggestions have no place in the older schema: they become declined
    op.execute("UPDATE introductions SET status = 'declined', declined_on = dismissed_on WHERE status = 'dismissed'")
    with op.batch_alter_table('introductions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_introductions_dismiss_reason_valid'), type_='check')
        batch_op.drop_constraint(op.f('ck_introductions_status_valid'), type_='check')
        batch_op.create_check_constraint(op.f('ck_introductions_status_valid'), sa.text(OLD_STATUSES))
        batch_op.drop_column('dismiss_reason')
        batch_op.drop_column('dismissed_on')
