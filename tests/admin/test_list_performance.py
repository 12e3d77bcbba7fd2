"""The admin stays fast with ten years of data: every list page runs the same small number of queries
whether it lists one year or ten."""

from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .data import add_years

# Session, user, the page's rows and count, filters' choices, date hierarchy: a list page needs no more.
MOST_QUERIES = 12
LIST_PAGES = sorted(
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist" for model in admin.site._registry
    if model._meta.app_label not in {"sites"}
)


def queries_per_page(client) -> dict[str, int]:
    counts = {}
    for name in LIST_PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_every_list_page_runs_a_fixed_number_of_queries_for_one_year_and_for_ten(
    secretary_client, administrator, portal, client, django_assert_max_num_queries
):
    client.force_login(administrator)
    one_year = queries_per_page(client)
    add_years(portal, 1, 9)
    ten_years = queries_per_page(client)
    assert ten_years == one_year
    for name in LIST_PAGES:
        with django_assert_max_num_queries(MOST_QUERIES, info=name):
            client.get(reverse(name))
