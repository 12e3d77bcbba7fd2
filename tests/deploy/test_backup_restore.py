"""A backup is only as good as its restore: pg_dump the seeded database, pg_restore it into a new one, compare."""

import subprocess

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from .databases import connection_options, row_counts

EIGHT_MUNICIPALITIES = {
    "Botkyrka": "0127", "Haninge": "0136", "Huddinge": "0126", "Nykvarn": "0140",
    "Nynäshamn": "0192", "Salem": "0128", "Södertälje": "0181", "Tyresö": "0138",
}


# Committed data, so that pg_dump sees it; the migrations' own rows (the roles) are put back afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dump_of_the_database_restores_every_row_into_a_fresh_database(pg_bin, fresh_database, tmp_path):
    call_command("loaddata", "seed", verbosity=0)
    options, keywords, environment = connection_options()
    dump = tmp_path / "sodertorn.dump"

    subprocess.run(
        [pg_bin / "pg_dump", "--format=custom", "--no-owner", *options, f"--file={dump}",
         connection.settings_dict["NAME"]],
        env=environment, check=True, capture_output=True, timeout=60,
    )
    subprocess.run(
        [pg_bin / "pg_restore", "--no-owner", "--exit-on-error", *options, f"--dbname={fresh_database}", dump],
        env=environment, check=True, capture_output=True, timeout=60,
    )

    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        original = row_counts(cursor, tables)
    with psycopg.connect(dbname=fresh_database, **keywords) as restored, restored.cursor() as cursor:
        assert row_counts(cursor, tables) == original
        cursor.execute("SELECT name, code FROM municipalities_municipality")
        municipalities = dict(cursor.fetchall())
        cursor.execute(
            "SELECT sum(line.amount) FROM budgets_budgetline line JOIN budgets_budget budget"
            " ON budget.id = line.budget_id WHERE budget.year = 2017 AND line.kind = 'income'"
        )
        income_2017 = cursor.fetchone()[0]
        # New rows after a restore must not collide with the restored ones.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('meetings_meeting', 'id')), max(id) FROM meetings_meeting"
        )
        next_id, highest_id = cursor.fetchone()

    assert original["meetings_meeting"] > 0
    assert municipalities == EIGHT_MUNICIPALITIES
    assert income_2017 == 945000
    assert next_id > highest_id
