from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group

ADMINISTRATORS = "Administratörer"
SECRETARIAT = "Sekretariatet"


class FormFields(HTMLParser):
    """What a browser would send for the form with the given id: its inputs, checked boxes, selected options and
    text areas."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.select, self.textarea = form_id, False, None, None
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"} or kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields.append((self.textarea, ""))

    def handle_data(self, data):
        if self.textarea:
            self.fields[-1] = (self.textarea, self.fields[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def form_data(response, form_id, **changes):
    """The form as the page shows it, with `changes` made: a dict of name to a list of values, for client.post."""
    parser = FormFields(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return data


@pytest.fixture
def administrator(db, django_user_model):
    """A member of Administratörer, not a superuser."""
    user = django_user_model.objects.create_user("administrator", "administrator@example.se", "administratörens-lösen")
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    user.refresh_from_db()
    return user


@pytest.fixture
def secretary(db, django_user_model):
    user = django_user_model.objects.create_user("sekreterare", "sekreterare@example.se", "sekreterarens-lösen")
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    user.refresh_from_db()
    return user
