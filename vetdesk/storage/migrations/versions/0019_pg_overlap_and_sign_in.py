"""On PostgreSQL the database itself keeps two rules a shared office must not lose to a race or a bare
connection string (issue 24, items 9 and 10):

- an exclusion constraint (``btree_gist``): one apprentice never has two agreements in force (printed, signed,
  active: ``domain.lifecycle.CURRENT``) whose dates overlap, whichever PC writes them and however they race;
- sign-in functions (SECURITY DEFINER, run with the owner's rights): a PC's login role, which may not read
  ``users.password_hash`` (``services.pgroles``), gets only a user's argon2 parameters and salt, computes the
  hash of the password typed with them, and the server compares it with the stored one; a new password is
  stored through a function that allows it to administrators and to the user's own login.

SQLite is unchanged: one writer at a time and the rule checks keep the first rule; the file's folder
permissions are its protection.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OVERLAP = "ex_learning_agreements_current_overlap"
#: domain.lifecycle.CURRENT as it stood when this migration was written (a migration does not follow the code).
CURRENT = "('printed', 'signed', 'active')"

#: The login role of a vetdesk user (``services.pgroles``): the one definition, in the database.
LOGIN_NAME = r"""
CREATE OR REPLACE FUNCTION vetdesk_login_name(p_username text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
  SELECT left(regexp_replace(lower(current_database()), '[^a-z0-9_]', '_', 'g'), 30) || '_'
         || left(regexp_replace(lower(p_username), '[^a-z0-9_]', '_', 'g'), 30)
$$
"""

#: An active user's argon2 settings and salt (the stored hash without its digest) and the digest's length in
#: characters: what a PC needs to hash the password typed, and nothing it could guess passwords against.
PASSWORD_SETTINGS = r"""
CREATE OR REPLACE FUNCTION vetdesk_password_settings(p_username text)
RETURNS TABLE (settings text, digest_chars integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT regexp_replace(u.password_hash, '\$[^$]*$', ''),
         length(substring(u.password_hash from '\$([^$]*)$'))
    FROM public.users u WHERE u.username = p_username AND u.active
$$
"""

#: Whether ``p_candidate`` (the hash of the password typed, made with the settings above) is the stored hash;
#: the digests of both are compared, so the time taken says nothing about the stored hash. On a match a
#: stronger hash (``p_rehash``) may replace it.
PASSWORD_MATCHES = r"""
CREATE OR REPLACE FUNCTION vetdesk_password_matches(p_username text, p_candidate text, p_rehash text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  matched boolean;
BEGIN
  SELECT sha256(convert_to(u.password_hash, 'UTF8')) = sha256(convert_to(p_candidate, 'UTF8'))
    INTO matched FROM public.users u WHERE u.username = p_username AND u.active;
  IF matched AND p_rehash IS NOT NULL THEN
    UPDATE public.users SET password_hash = p_rehash WHERE username = p_username;
  END IF;
  RETURN coalesce(matched, false);
END
$$
"""

#: Store a new password hash: allowed to whoever may write the column (an administrator's login, the owner)
#: and to the user's own login role; returns whether it was stored.
SET_PASSWORD = r"""
CREATE OR REPLACE FUNCTION vetdesk_set_password(p_username text, p_hash text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF NOT (has_column_privilege(session_user, 'public.users', 'password_hash', 'UPDATE')
          OR session_user = public.vetdesk_login_name(p_username)) THEN
    RETURN false;
  END IF;
  UPDATE public.users SET password_hash = p_hash WHERE username = p_username;
  RETURN FOUND;
END
$$
"""

FUNCTIONS = ("vetdesk_password_settings(text)", "vetdesk_password_matches(text, text, text)",
             "vetdesk_set_password(text, text)", "vetdesk_login_name(text)")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    pairs = bind.execute(sa.text(
        f"SELECT a.id, b.id FROM learning_agreements a JOIN learning_agreements b "
        f"ON a.apprentice_id = b.apprentice_id AND a.id < b.id "
        f"WHERE a.status IN {CURRENT} AND b.status IN {CURRENT} "
        f"AND a.start_date <= b.end_date AND b.start_date <= a.end_date ORDER BY a.id, b.id LIMIT 20")).all()
    if pairs:
        from vetdesk.i18n import _
        from vetdesk.storage.revision import UpgradeBlocked

        raise UpgradeBlocked(_(
            "The database cannot be upgraded yet: agreements in force of the same apprentice overlap ({pairs}). "
            "With the previous vetdesk version, terminate one agreement of each pair or correct its dates, then "
            "open the database again; nothing was changed.").format(
                pairs=", ".join(f"{a} & {b}" for a, b in pairs)))
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    # An end before the start (refused by the rules, but possible in older data) counts as the start day
    # alone, so that the range is always one PostgreSQL can build.
    op.execute(f"ALTER TABLE learning_agreements ADD CONSTRAINT {OVERLAP} EXCLUDE USING gist "
               f"(apprentice_id WITH =, daterange(start_date, greatest(start_date, end_date), '[]') WITH &&) "
               f"WHERE (status IN {CURRENT})")
    for sql in (LOGIN_NAME, PASSWORD_SETTINGS, PASSWORD_MATCHES, SET_PASSWORD):
        op.execute(sql)
    for function in FUNCTIONS:
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
    op.execute(f"ALTER TABLE learning_agreements DROP CONSTRAINT IF EXISTS {OVERLAP}")
    # btree_gist stays: other objects of the server's administrator may use it, and it changes no data.
