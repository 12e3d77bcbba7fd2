"""Searching agenda items reads the full-text index, however many items there are."""

from django.db import connection

from apps.meetings.models import AgendaItem
from apps.portal.views import matching


def test_the_agenda_item_search_uses_the_full_text_index(db):
    query = matching(AgendaItem.objects.all(), AgendaItem.SEARCH_FIELDS, "kollektivtrafik")
    with connection.cursor() as cursor:
        # Few rows make a scan of the table cheaper than the index; forbid it to see whether the index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(str(row) for row in query.explain().splitlines())
    assert "agenda_item_search" in plan, plan
