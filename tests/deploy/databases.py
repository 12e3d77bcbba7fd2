"""The test database's server, for tests that run PostgreSQL's own tools beside Django."""

import os

from django.db import connection
from psycopg import sql


def connection_options():
    """The test database's server and login, as pg_dump's options and as psycopg's keywords."""
    settings = connection.settings_dict
    keywords = {"host": settings["HOST"], "port": str(settings["PORT"]), "user": settings["USER"]}
    keywords = {name: value for name, value in keywords.items() if value}
    options = [f"--{name}={value}" for name, value in keywords.items()]
    environment = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    return options, keywords, environment


def row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)).as_string(cursor.connection))
        counts[table] = cursor.fetchone()[0]
    return counts
