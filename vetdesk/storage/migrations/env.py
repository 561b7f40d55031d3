"""Alembic environment: vetdesk passes an open connection in ``config.attributes``."""

from alembic import context

from vetdesk.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` run by hand with a URL in the config
        from sqlalchemy import create_engine

        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise SystemExit("vetdesk migrations need a connection, or sqlalchemy.url in the alembic config")
        engine = create_engine(url)
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    if connection.dialect.name == "postgresql":
        from vetdesk.storage.models import for_postgresql

        for_postgresql()  # the partial indexes' PostgreSQL condition, before comparing or creating them
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        transaction_per_migration=False,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover
    raise SystemExit("vetdesk migrations run online only")
run_migrations_online()
