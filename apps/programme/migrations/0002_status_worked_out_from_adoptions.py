"""A version's status is no longer stored: ProgrammeQuerySet.with_status() works it out from the adoptions and the
years of validity, so that no page can contradict another. Sub-goals lose their "sample data" flag: demonstration
data lives apart (manage.py seed --demo).

On PostgreSQL the database also refuses a board decision (adopted or rejected) dated after today in Stockholm.
SQLite allows no clock in a CHECK constraint, so there Adoption.clean() alone says so. NOT VALID leaves rows made
before this migration unchecked.
"""

from django.db import migrations

CONSTRAINT = "adoption_decision_not_in_future"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE programme_adoption ADD CONSTRAINT {CONSTRAINT} CHECK ("
        "status NOT IN ('adopted', 'rejected') OR decision_date IS NULL "
        "OR decision_date <= (now() AT TIME ZONE 'Europe/Stockholm')::date) NOT VALID"
    )


def remove_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE programme_adoption DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0001_initial'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalprogramme',
            name='status',
        ),
        migrations.RemoveField(
            model_name='historicalsubgoal',
            name='is_sample',
        ),
        migrations.RemoveField(
            model_name='programme',
            name='status',
        ),
        migrations.RemoveField(
            model_name='subgoal',
            name='is_sample',
        ),
        migrations.RunPython(add_constraint, remove_constraint),
    ]
