"""The whole admin in Swedish: every page an administrator opens — the index, each model's list, add page, change
page of one row and history, the import pages — read as a Swedish user, shows no English interface text; nor do
the admin's scripts (their catalogue)."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from .spreadsheets import export, upload

# Words and phrases of the English admin (Django's, sortable2's, simple-history's and import-export's), matched as
# whole words, case-sensitively.
ENGLISH = [
    "Select", "Filter by", "Add", "Save and", "Save", "Delete", "History", "Note:", "Change", "View site", "Log out",
    "Logout", "Search", "Action:", "Go", "Run", "of", "None", "Yes", "No", "Today", "Now", "Clear", "Show", "Hide",
    "Home", "Documentation", "Password", "Username", "Choose", "Remove", "Close", "Previous", "Next", "Submit",
    "Preview", "Errors", "Row", "New", "Skipped", "Update", "Revert", "Object", "Comment", "Changed by", "Changes",
    "Created", "Changed", "Deleted", "entry", "entries", "Sort", "Move", "results", "selected", "total", "All",
    "Any date", "Past 7 days", "This month", "This year", "Unknown", "Reset", "Date", "Time", "Currently", "View",
    "Edit", "Welcome", "Recent actions", "My actions", "Toggle", "Skip to main content", "Theme", "Import", "Export",
    "This field", "Resource", "File to import", "Confirm", "Restore", "Deleted by", "Nothing", "Back", "Cancel",
    "Are you sure", "Summary", "Objects", "Yesterday", "Tomorrow", "Permissions", "Groups", "Active",
    "Staff status", "Superuser", "Last login", "Date joined", "Personal info", "Important dates", "First name",
    "Last name", "Email address", "Roles", "Municipality", "Meeting", "Body", "Status", "Title", "hosts", "Hosts",
    "Empty", "empty", "Warning", "Required", "Optional", "required", "page", "Page", "True", "False",
    "historical", "Task", "Tasks", "Results", "queue name", "Database",
]
# Words that are also Swedish, or that are data rather than interface text.
SAME_IN_SWEDISH = {
    "Status",  # "status" is a Swedish word, the verbose name of Meeting.status
    "Import", "Export",  # Swedish nouns too ("Import av möten"); the buttons read "Importera", "Exportera"
}
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(
    re.escape(word) for word in sorted(set(ENGLISH) - SAME_IN_SWEDISH, key=len, reverse=True)) + r")(?![\w-])")

# Attributes a person sees or hears: a button's value, a field's placeholder, a tooltip, a screen reader's label.
SEEN_ATTRIBUTES = re.compile(
    r'\s(?:placeholder|title|aria-label|alt)="([^"]*)"|<input[^>]*type="submit"[^>]*value="([^"]*)"')


def visible_text(html: str) -> str:
    """What a person reads on the page: text without tags, scripts, styles and comments, with the attributes a
    person sees; e-mail addresses left out (they are data)."""
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.DOTALL)
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.DOTALL | re.IGNORECASE)
    seen = [value for pair in SEEN_ATTRIBUTES.findall(html) for value in pair if value]
    text = unescape(re.sub(r"<[^>]+>", " ", html) + " " + " ".join(seen))
    text = re.sub(r"\S+@\S+", " ", text)
    return " ".join(text.split())


def english_in(html: str) -> list[str]:
    text = visible_text(html)
    return sorted({f"{match.group(1)!r} in “…{text[max(0, match.start() - 40):match.end() + 40]}…”"
                   for match in PATTERN.finditer(text)})


def admin_pages() -> list[str]:
    """Every admin page of every registered model: list, add, change of its first row, its history and an
    earlier version of it, and the import, export and deleted rows pages where there are; and the index."""
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        pages.append(reverse("admin:%s_%s_changelist" % info))
        pages.append(reverse("admin:%s_%s_add" % info))
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            pages.append(reverse("admin:%s_%s_change" % info, args=[row.pk]))
            pages.append(reverse("admin:%s_%s_history" % info, args=[row.pk]))
            history = getattr(row, "history", None)
            if history is not None and history.exists():  # an earlier version, as the history page opens it
                pages.append(reverse("admin:%s_%s_simple_history" % info, args=[row.pk, history.last().pk]))
        for page in ["import", "export", "deleted"]:
            try:
                pages.append(reverse(f"admin:%s_%s_{page}" % info))
            except NoReverseMatch:
                pass
    return pages


@pytest.fixture
def swedish_administrator(client, portal, secretary, official, administrator):
    client.force_login(administrator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    return client


def test_every_admin_page_reads_in_swedish(swedish_administrator, portal, secretary, official, administrator):
    portal["meetings"][0].delete()  # a deleted row for the lists of deleted rows
    english = {}
    for page in admin_pages():
        response = swedish_administrator.get(page)
        if response.status_code == 403:  # a page the admin does not offer (no one adds a task result)
            continue
        assert response.status_code == 200, page
        found = english_in(response.content.decode())
        if found:
            english[page] = found
    assert not english, "\n".join(f"{page}:\n  " + "\n  ".join(found) for page, found in english.items())


def test_the_pages_of_an_import_a_deletion_and_the_login_read_in_swedish(swedish_administrator, portal):
    content = export(swedish_administrator, "meetings_meeting")
    pages = {
        "preview": upload(swedish_administrator, "meetings_meeting", content).content.decode(),
        "bad file": upload(swedish_administrator, "meetings_meeting", b"x,y\n1,2\n").content.decode(),
        "delete": swedish_administrator.get(
            reverse("admin:meetings_meeting_delete", args=[portal["meetings"][0].pk])).content.decode(),
        "login": Client(HTTP_ACCEPT_LANGUAGE="sv").get(reverse("admin:login")).content.decode(),
    }
    english = {name: english_in(html) for name, html in pages.items() if english_in(html)}
    assert not english, english


def test_the_admins_scripts_speak_swedish(swedish_administrator):
    catalogue = swedish_administrator.get(reverse("admin:jsi18n")).content.decode()

    assert "Obs! Ange tider i tidszonen %(timezone)s." in catalogue
    assert "Idag (%(date)s)" in catalogue
