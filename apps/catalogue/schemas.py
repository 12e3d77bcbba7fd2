"""The JSON Schemas (draft 2020-12) of the JSON open-data files the portal publishes, one per kind of file.

Each is served at /data/schema/<name>.json and named by the catalogue (dct:conformsTo on the file's distribution).
The values a field may take come from the models' choices, so a new status reaches the schema with the model.
A text the secretariat may leave empty is null in the files (apps/core/open_data.py, empty_as_null), and so
"string or null" here. `url_name` is the file's view: the tests fetch every such file and validate it, and fail
for a JSON file the portal serves without a schema here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from apps.meetings.models import Meeting
from apps.programme.models import Adoption, Programme, SubGoal

DRAFT = "https://json-schema.org/draft/2020-12/schema"

TEXT = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
URL_OR_NULL = {"type": ["string", "null"], "format": "uri", "pattern": "^https?://"}
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATE_OR_NULL = {"type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TIME_OR_NULL = {"type": ["string", "null"], "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}
PERCENT_OR_NULL = {"type": ["integer", "null"], "minimum": 0, "maximum": 100}
MUNICIPALITY_CODE = {"type": "string", "pattern": r"^\d{4}$"}


def strict(properties: dict, **keywords) -> dict:
    """An object with exactly these fields, all present (null where empty)."""
    return {
        "type": "object", "properties": properties, "required": list(properties), "additionalProperties": False,
        **keywords,
    }


LICENSE = strict({
    "name": TEXT,
    "identifier": {"const": "CC0-1.0"},
    "url": URL,
}, description="The licence of the data: CC0 1.0, no conditions.")


def meetings_year() -> dict:
    decision = strict({
        "paragraph": {"type": "integer", "minimum": 1, "description": "The § number, through the body's year."},
        "title": TEXT_OR_NULL,
        "decision": TEXT_OR_NULL,
    })
    meeting = strict({
        "id": {"type": "integer", "minimum": 1},
        "url": URL,
        "title": TEXT,
        "body": TEXT,
        "body_slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        "kind": {"enum": Meeting.Kind.values},
        "status": {"enum": Meeting.State.values},
        "date_precision": {"enum": Meeting.Precision.values},
        "date": DATE,
        "end_date": DATE_OR_NULL,
        "start_time": TIME_OR_NULL,
        "end_time": TIME_OR_NULL,
        "hosts": {"type": "array", "items": TEXT},
        "host_codes": {"type": "array", "items": MUNICIPALITY_CODE},
        "place": TEXT_OR_NULL,
        "updated_at": {"type": "string", "format": "date-time"},
        "minutes_url": URL_OR_NULL,
        "decisions": {"type": "array", "items": {"$ref": "#/$defs/decision"}},
    })
    return {
        "title": "Södertörn: the meetings of one year",
        "description": "The meetings of the Södertörn cooperation's bodies that start or end in one year, "
                       "ordered by date. The open data page explains each field.",
        **strict({
            "year": {"type": "integer", "minimum": 1, "maximum": 9999},
            "source": URL,
            "documentation": URL,
            "license": {"$ref": "#/$defs/license"},
            "meetings": {"type": "array", "items": {"$ref": "#/$defs/meeting"}},
        }),
        "$defs": {"license": LICENSE, "meeting": meeting, "decision": decision},
    }


def programme_version() -> dict:
    sub_goal = strict({
        "kind": {"enum": SubGoal.Kind.values},
        "text": TEXT,
        "owner": TEXT_OR_NULL,
        "status": {"enum": SubGoal.Status.values},
        "progress": {**PERCENT_OR_NULL, "description": "Per cent done; null for an action (insats)."},
    })
    goal = strict({
        "title": TEXT,
        "description": TEXT_OR_NULL,
        "owner": TEXT_OR_NULL,
        "progress": PERCENT_OR_NULL,
        "sub_goals": {"type": "array", "items": {"$ref": "#/$defs/sub_goal"}},
    })
    focus_area = strict({
        "name": TEXT,
        "slug": TEXT,
        "cross_cutting": {"type": "boolean"},
        "description": TEXT_OR_NULL,
        "progress": PERCENT_OR_NULL,
        "goals": {"type": "array", "items": {"$ref": "#/$defs/goal"}},
    })
    adoption = strict({
        "municipality": TEXT,
        "municipality_code": MUNICIPALITY_CODE,
        "status": {"enum": Adoption.Status.values},
        "decided_by": TEXT_OR_NULL,
        "decision_date": DATE_OR_NULL,
        "proposal_date": DATE_OR_NULL,
        "diary_number": TEXT_OR_NULL,
    })
    year = {"type": "integer", "minimum": 1, "maximum": 9999}
    return {
        "title": "Södertörn: one version of the development programme",
        "description": "A version of the Södertörn development programme: its vision and overall goal, focus areas, "
                       "goals and their sub-goals or actions, and each member municipality's adoption.",
        **strict({
            "license": {"$ref": "#/$defs/license"},
            "name": TEXT,
            "slug": TEXT,
            "url": URL,
            "valid_from": year,
            "valid_to": {**year, "type": ["integer", "null"]},
            "status": {"enum": Programme.Status.values},
            "in_force": {"type": "boolean"},
            "replaced_by": {"oneOf": [{"type": "null"}, strict({"name": TEXT, "url": URL})]},
            "adopted_by": {"type": "integer", "minimum": 0},
            "member_municipalities": {"type": "integer", "minimum": 0},
            "diary_number": TEXT_OR_NULL,
            "vision": TEXT_OR_NULL,
            "overall_goal": TEXT_OR_NULL,
            "summary": TEXT_OR_NULL,
            "progress": PERCENT_OR_NULL,
            "focus_areas": {"type": "array", "items": {"$ref": "#/$defs/focus_area"}},
            "adoptions": {"type": "array", "items": {"$ref": "#/$defs/adoption"}},
        }),
        "$defs": {
            "license": LICENSE, "focus_area": focus_area, "goal": goal, "sub_goal": sub_goal, "adoption": adoption,
        },
    }


@dataclass(frozen=True)
class Schema:
    url_name: str  # the view that serves the files this schema describes
    build: Callable[[], dict]


SCHEMAS = {
    "moten": Schema("meetings:year_json", meetings_year),
    "utvecklingsprogram": Schema("programme:json", programme_version),
}


def published(name: str) -> dict:
    """The schema `name` as served: with its own address as $id and the draft it follows."""
    return {
        "$schema": DRAFT,
        "$id": settings.SITE_URL + reverse("catalogue:schema", args=[name]),
        **SCHEMAS[name].build(),
    }
