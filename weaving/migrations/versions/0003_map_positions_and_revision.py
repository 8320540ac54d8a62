"""map positions and map revision

Where each actor sits on each map (drawn on the canvas; used by the map page and
exports), and a per-map revision that every write bumps (the cache key of analyses).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('map_actors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('x', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('y', sa.Float(), nullable=True))
    with op.batch_alter_table('maps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('maps', schema=None) as batch_op:
        batch_op.drop_column('revision')
    with op.batch_alter_table('map_actors', schema=None) as batch_op:
        batch_op.drop_column('y')
        batch_op.drop_column('x')
