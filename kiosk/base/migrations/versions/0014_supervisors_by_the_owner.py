"""on a shared PostgreSQL database, only the schema's owner makes a supervisor

Revision ID: 0014
Revises: 0013

A desk's database role can do everything a kiosk does, and so could write an operator row
with role 'supervisor' directly, bypassing the kiosk's own rule (a supervisor approves a
supervisor). This trigger refuses, for any role that is not the table's owner (or a member
of it), a new supervisor, an operator made supervisor, and a supervisor enabled again. The
kiosk's own PIN changes and login counters on supervisor rows still go through. SQLite has
no roles: whoever holds the file holds everything, so nothing is added there.
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The SQLSTATE the kiosk recognises (kiosk.base.db_problems): class "JK", the kiosk's own.
REFUSED = "JK001"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""
        CREATE OR REPLACE FUNCTION kiosk_supervisor_by_owner() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.role = 'supervisor'
               AND (TG_OP = 'INSERT' OR OLD.role IS DISTINCT FROM 'supervisor'
                    OR (NEW.active AND NOT OLD.active))
               AND NOT pg_has_role(current_user,
                                   (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                                   'MEMBER')
            THEN
                RAISE EXCEPTION 'only the database owner makes a supervisor'
                    USING ERRCODE = '{REFUSED}';
            END IF;
            RETURN NEW;
        END
        $$
    """)
    op.execute("""
        CREATE TRIGGER kiosk_supervisor_by_owner
        BEFORE INSERT OR UPDATE OF role, active ON operator
        FOR EACH ROW EXECUTE FUNCTION kiosk_supervisor_by_owner()
    """)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS kiosk_supervisor_by_owner ON operator")
    op.execute("DROP FUNCTION IF EXISTS kiosk_supervisor_by_owner()")
