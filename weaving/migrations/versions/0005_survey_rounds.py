"""survey rounds: personal links (hashed tokens), answers and review decisions

Self-report surveys (issue 14): a round per map, one invite per actor holding only the
SHA-256 of its token, the actor's answer, and the weaver's decision on each proposal.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:12:41
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('survey_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['maps.id'], name=op.f('fk_survey_rounds_map_id_maps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_survey_rounds_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_rounds'))
    )
    with op.batch_alter_table('survey_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_rounds_map_id'), ['map_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_rounds_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('survey_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('saves', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=True),
    sa.Column('window_saves', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_survey_invites_actor_id_actors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['survey_rounds.id'], name=op.f('fk_survey_invites_round_id_survey_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_invites')),
    sa.UniqueConstraint('round_id', 'actor_id', name='uq_survey_invites_round_actor'),
    sa.UniqueConstraint('token_hash', name=op.f('uq_survey_invites_token_hash'))
    )
    with op.batch_alter_table('survey_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_invites_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_invites_round_id'), ['round_id'], unique=False)

    op.create_table('survey_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invite_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('lang', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invite_id'], ['survey_invites.id'], name=op.f('fk_survey_answers_invite_id_survey_invites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answers')),
    sa.UniqueConstraint('invite_id', name=op.f('uq_survey_answers_invite_id'))
    )
    op.create_table('survey_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invite_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=300), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.CheckConstraint("decision IN ('accepted', 'rejected')", name=op.f('ck_survey_decisions_decision_valid')),
    sa.ForeignKeyConstraint(['invite_id'], ['survey_invites.id'], name=op.f('fk_survey_decisions_invite_id_survey_invites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['link_id'], ['links.id'], name=op.f('fk_survey_decisions_link_id_links'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_decisions')),
    sa.UniqueConstraint('invite_id', 'item_key', name='uq_survey_decisions_invite_item')
    )
    with op.batch_alter_table('survey_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_decisions_invite_id'), ['invite_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_decisions_link_id'), ['link_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('survey_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_decisions_link_id'))
        batch_op.drop_index(batch_op.f('ix_survey_decisions_invite_id'))

    op.drop_table('survey_decisions')
    op.drop_table('survey_answers')
    with op.batch_alter_table('survey_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_invites_round_id'))
        batch_op.drop_index(batch_op.f('ix_survey_invites_actor_id'))

    op.drop_table('survey_invites')
    with op.batch_alter_table('survey_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_rounds_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_survey_rounds_map_id'))

    op.drop_table('survey_rounds')
