"""Migrations keep the data: a database made and seeded by an earlier main is migrated by today's code and
still holds every row. data/seeded-12bae8f.dump is pg_dump's output of such a database, made at commit
12bae8f (before apps/core existed) with `migrate` and `loaddata seed`."""

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from .databases import connection_options, row_counts

DUMP = Path(__file__).parent / "data" / "seeded-12bae8f.dump"


def tables_of(keywords, database):
    with psycopg.connect(dbname=database, **keywords) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'django_migrations'"
        )
        tables = [name for (name,) in cursor.fetchall()]
        return row_counts(cursor, tables)


@pytest.mark.django_db
def test_a_database_seeded_by_an_earlier_main_keeps_every_row_through_todays_migrations(pg_bin, fresh_database):
    options, keywords, environment = connection_options()
    subprocess.run(
        [pg_bin / "pg_restore", "--no-owner", "--exit-on-error", *options, f"--dbname={fresh_database}", DUMP],
        env=environment, check=True, capture_output=True, timeout=60,
    )
    before = tables_of(keywords, fresh_database)

    server = settings.DATABASES["default"]
    url = f"postgres://{server['USER']}:{server['PASSWORD']}@{server['HOST']}:{server['PORT']}/{fresh_database}"
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"], cwd=settings.BASE_DIR,
        env={**environment, "DATABASE_URL": url}, capture_output=True, text=True, timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr

    after = tables_of(keywords, fresh_database)
    assert before["meetings_meeting"] > 0 and before["municipalities_municipality"] == 8
    # Every table of the old database is still there with every row; new tables may have been added, and new
    # models bring their content types and permissions (which the roles then hold).
    grown = {table for table in before if after.get(table, 0) > before[table]}
    assert grown <= {"django_content_type", "auth_permission", "auth_group_permissions"}
    assert {table: after.get(table) for table in before if table not in grown} == {
        table: count for table, count in before.items() if table not in grown}
