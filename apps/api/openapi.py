"""The OpenAPI 3.1 description of the read API, served at /api/v1/openapi.json. Written by hand: each object's schema
names every field serialize() gives (apps/api/resources.py), and no other (additionalProperties is false), so the
tests that validate every answer against it notice a field added on one side only."""

from django.conf import settings

from .resources import OPARL, OPARL_TYPES, RESOURCES, type_url

URI = {"type": "string", "format": "uri"}
URI_OR_NULL = {"type": ["string", "null"], "format": "uri"}
URIS = {"type": "array", "items": URI}
TEXT = {"type": "string"}
TEXT_OR_NULL = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
INTEGER_OR_NULL = {"type": ["integer", "null"]}
NUMBER = {"type": "number"}
NUMBER_OR_NULL = {"type": ["number", "null"]}
BOOLEAN = {"type": "boolean"}
MOMENT = {"type": "string", "format": "date-time"}
MOMENT_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
DAY = {"type": "string", "format": "date"}
DAY_OR_NULL = {"type": ["string", "null"], "format": "date"}
YEAR = {"type": "integer", "minimum": 1900, "maximum": 2200}
LOCATION_OR_NULL = {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Location"}]}


def enum(*values):
    return {"type": "string", "enum": list(values)}


def described(schema, description):
    return {**schema, "description": description}


# Each type's own fields (id, type, modified and deleted are added to all), with what they mean.
TYPES = {
    "Organization": ("A body of the cooperation: the committee, the management group, a conference, a network of "
                     "officials (OParl Organization).", {
        "name": described(TEXT, "The name in Swedish."),
        "nameEn": described(TEXT_OR_NULL, "The name in English, where there is one."),
        "shortName": TEXT,
        "organizationType": enum("committee", "management_group", "conference", "council", "key_figure_day",
                                 "network"),
        "classification": described(TEXT, "The kind in words (Swedish)."),
        "description": TEXT_OR_NULL,
        "composition": described(TEXT_OR_NULL, "Who sits in the body, in words."),
        "subOrganizationOf": described(URI_OR_NULL, "The body it reports to."),
        "membership": described(URIS, "The memberships (roles) held in it, current and past."),
        "meeting": described(URI, "The list of its meetings."),
        "web": described(URI, "Its page on the portal."),
    }),
    "Person": ("Someone who holds or held a seat in a body. E-mail addresses and telephone numbers are not "
               "published.", {
        "name": TEXT,
        "jobTitle": described(TEXT_OR_NULL, "The person's post, e.g. kommundirektör (not OParl's academic title)."),
        "municipality": URI_OR_NULL,
        "membership": URIS,
    }),
    "Membership": ("A person's seat in a body for a period (OParl Membership).", {
        "person": URI, "organization": URI,
        "role": enum("chair", "vice_chair", "member", "substitute", "attending", "secretary"),
        "onBehalfOf": described(URI_OR_NULL, "The municipality the person represents."),
        "startDate": DAY_OR_NULL, "endDate": DAY_OR_NULL,
    }),
    "Municipality": ("One of the eight member municipalities.", {
        "name": TEXT,
        "code": described({"type": "string", "pattern": "^[0-9]{4}$"}, "The municipality code of Statistics Sweden."),
        "website": URI_OR_NULL,
        "location": described(LOCATION_OR_NULL, "Where it receives the meetings it hosts."),
        "population": described(URI, "The list of its populations by year."), "meeting": described(
            URI, "The list of the meetings it hosts."),
        "web": URI,
    }),
    "Population": ("A municipality's inhabitants on 31 December of a year.", {
        "municipality": URI, "year": YEAR, "inhabitants": INTEGER, "source": TEXT_OR_NULL,
    }),
    "Location": ("Where a meeting is held, in words (OParl Location, embedded).", {
        "description": TEXT,
    }),
    "Meeting": ("A meeting of a body (OParl Meeting). A meeting known only to its month has no start and the first "
                "of the month as date.", {
        "name": TEXT,
        "meetingState": described(enum("planned", "confirmed", "cancelled", "held", "past", "not_fixed"),
                                  "What the portal says of the meeting today."),
        "cancelled": BOOLEAN,
        "start": described(MOMENT_OR_NULL, "Start, where the day and time are fixed."),
        "end": MOMENT_OR_NULL,
        "date": described(DAY, "The first day."), "endDate": described(DAY_OR_NULL, "The last day of a meeting over "
                                                                        "several days."),
        "datePrecision": enum("day", "month"),
        "kind": enum("ordinary", "planning_conference", "conference", "council", "key_figure_day", "extra"),
        "status": described(enum("planned", "confirmed", "cancelled", "held"), "As the secretariat keeps it."),
        "location": LOCATION_OR_NULL,
        "organization": URIS,
        "host": described(URIS, "The host municipalities, largest first."),
        "agendaItem": described(URIS, "The agenda, once it is published."),
        "agendaPublished": MOMENT_OR_NULL,
        "resultsProtocol": described(URI_OR_NULL, "The minutes as an uploaded file, when published."),
        "auxiliaryFile": described(URIS, "The published documents other than minutes."),
        "minutes": described(URI_OR_NULL, "The adjusted minutes as PDF, once published."),
        "decision": described(URI_OR_NULL, "The list of its decisions, once its minutes are published."),
        "web": URI,
    }),
    "AgendaItem": ("An item on a published agenda (OParl AgendaItem).", {
        "meeting": URI, "number": TEXT, "order": INTEGER, "name": TEXT, "description": TEXT_OR_NULL,
        "presenter": TEXT_OR_NULL, "asked": enum("information", "discussion", "decision"),
        "proposedDecision": TEXT_OR_NULL, "public": {"const": True}, "auxiliaryFile": URIS, "web": URI,
    }),
    "File": ("A published meeting document: an attachment or the minutes (OParl File). sha256Checksum is ours; "
             "OParl 1.1 names sha512Checksum.", {
        "name": TEXT, "fileName": TEXT, "mimeType": TEXT,
        "size": described(INTEGER_OR_NULL, "In bytes."),
        "sha256Checksum": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
        "date": MOMENT, "created": MOMENT, "accessUrl": URI, "downloadUrl": URI,
        "kind": enum("attachment", "minutes"), "meeting": URIS, "agendaItem": URIS, "fileLicense": URI,
    }),
    "Decision": ("A decision (§) of adjusted, published minutes. Its address is the § in the body's register of the "
                 "year, and stays when a corrected version of the minutes is published.", {
        "name": TEXT, "paragraph": described(INTEGER, "The § number, running through the body's year."),
        "year": YEAR, "organization": URI, "meeting": URI, "agendaItem": URI_OR_NULL,
        "resolutionText": described(TEXT_OR_NULL, "What was decided."), "discussion": TEXT_OR_NULL,
        "reservations": TEXT_OR_NULL, "addedAtMeeting": BOOLEAN, "minutesVersion": INTEGER, "adjusted": MOMENT,
        "minutes": described(URI, "The adjusted minutes as PDF."),
    }),
    "Programme": ("A version of the development programme.", {
        "name": TEXT, "vision": TEXT_OR_NULL, "overallGoal": TEXT_OR_NULL, "summary": TEXT_OR_NULL,
        "visionEn": TEXT_OR_NULL, "overallGoalEn": TEXT_OR_NULL, "summaryEn": TEXT_OR_NULL,
        "validFrom": YEAR, "validTo": {"type": ["integer", "null"]}, "diaryNumber": TEXT_OR_NULL,
        "status": described(enum("draft", "proposed", "adopted", "in_force", "expired", "replaced"),
                            "Worked out from the municipal boards' adoptions and the years of validity."),
        "replaces": URI_OR_NULL, "focusArea": URIS, "web": URI,
    }),
    "FocusArea": ("A focus area of a programme version; crossCutting marks the theme that runs through all.", {
        "name": TEXT, "description": TEXT_OR_NULL, "nameEn": TEXT_OR_NULL, "descriptionEn": TEXT_OR_NULL,
        "programme": URI, "crossCutting": BOOLEAN, "order": INTEGER, "goal": URIS,
    }),
    "Goal": ("A goal under a focus area.", {
        "name": TEXT, "description": TEXT_OR_NULL, "titleEn": TEXT_OR_NULL, "descriptionEn": TEXT_OR_NULL,
        "focusArea": URI, "programme": URI, "owner": described(URI_OR_NULL, "The network that owns it."),
        "order": INTEGER, "subGoal": URIS,
    }),
    "SubGoal": ("What a goal is broken down into: an action (2013) or a sub-goal (2035), with its progress.", {
        "name": TEXT, "textEn": TEXT_OR_NULL, "kind": enum("action", "sub_goal"), "goal": URI, "programme": URI,
        "owner": URI_OR_NULL, "status": enum("not_started", "ongoing", "done"),
        "progress": {"type": "integer", "minimum": 0, "maximum": 100}, "order": INTEGER,
    }),
    "Budget": ("An adopted budget of a year.", {
        "name": TEXT, "year": YEAR, "status": {"const": "adopted"}, "feeKey": enum("equal", "population", "fixed"),
        "populationYear": {"type": ["integer", "null"]}, "notes": TEXT_OR_NULL, "line": URIS,
        "feeShare": described(URI, "The list of the year's fee shares."), "web": URI,
    }),
    "BudgetLine": ("An income or cost line of an adopted budget, in SEK.", {
        "name": TEXT, "budget": URI, "year": YEAR, "kind": enum("income", "cost"), "amount": NUMBER,
        "isFee": described(BOOLEAN, "The municipalities' fees, shared among them."), "order": INTEGER,
    }),
    "FeeShare": ("A municipality's part of a year's fees, in SEK.", {
        "budget": URI, "year": YEAR, "municipality": URI, "amount": NUMBER, "fixedAmount": NUMBER_OR_NULL,
    }),
    "Rotation": ("Something hosted by the municipalities in turn, such as the rådslag.", {
        "name": TEXT, "description": TEXT_OR_NULL, "organization": URI_OR_NULL,
        "year": described(URI, "The list of its years and hosts."), "web": URI,
    }),
    "RotationYear": ("The host of a rotation in a year.", {"rotation": URI, "year": YEAR, "host": URI}),
    "Indicator": ("A key figure followed per municipality and year.", {
        "name": TEXT, "unit": TEXT_OR_NULL, "description": TEXT_OR_NULL,
        "koladaId": described(TEXT_OR_NULL, "Its id in Kolada."), "sampleData": BOOLEAN,
        "keyFigure": described(URI, "The list of its values."), "web": URI,
    }),
    "KeyFigure": ("An indicator's value for a municipality and year.", {
        "indicator": URI, "municipality": URI, "year": YEAR, "value": NUMBER,
    }),
}

FILTER_PARAMETERS = {
    "modified_since": ("Only objects changed (or made public) at or after this moment, and those deleted or no longer "
                       "public since (marked deleted); "
                       "ISO 8601, e.g. 2026-12-01T08:00:00+01:00 (a moment without time zone is Swedish time).",
                       {"type": "string", "format": "date-time"}),
    "body": ("A body's id or slug.", {"type": "string"}),
    "municipality": ("A municipality's id, slug or four-digit code.", {"type": "string"}),
    "year": ("A year.", YEAR),
    "meeting": ("A meeting's id.", {"type": "integer", "minimum": 1}),
    "programme": ("A programme version's id or slug.", {"type": "string"}),
    "indicator": ("An indicator's id or slug.", {"type": "string"}),
    "rotation": ("A rotation's id.", {"type": "integer", "minimum": 1}),
}


def _object_schema(name, description, fields):
    properties = {
        "id": described(URI, "The object's address."),
        "type": {"const": type_url(name)},
        **fields,
        "modified": described(MOMENT, "When it last changed as the public sees it."),
        "deleted": {"const": False},
    }
    return {
        "type": "object", "description": description, "properties": properties,
        "required": list(properties), "additionalProperties": False,
    }


def _schemas() -> dict:
    schemas = {}
    for name, (description, fields) in TYPES.items():
        if name == "Location":
            schemas[name] = {
                "type": "object", "description": description,
                "properties": {"type": {"const": type_url("Location")}, **fields},
                "required": ["type", *fields], "additionalProperties": False,
            }
        else:
            schemas[name] = _object_schema(name, description, fields)
    schemas["Deleted"] = {
        "type": "object",
        "description": ("An object the public saw that has since been deleted or is no longer public (a meeting put "
                        "back to draft): its address, type and when."),
        "properties": {"id": URI, "type": URI, "deleted": {"const": True}, "modified": MOMENT},
        "required": ["id", "type", "deleted", "modified"], "additionalProperties": False,
    }
    schemas["Pagination"] = {
        "type": "object",
        "properties": {
            "totalElements": INTEGER, "elementsPerPage": INTEGER, "currentPage": INTEGER, "totalPages": INTEGER,
        },
        "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"], "additionalProperties": False,
    }
    schemas["Links"] = {
        "type": "object",
        "properties": {"first": URI, "prev": URI, "self": URI, "next": URI, "last": URI},
        "required": ["first", "self", "last"], "additionalProperties": False,
    }
    schemas["Error"] = {
        "type": "object",
        "properties": {
            "error": described(TEXT, "What is wrong, in English."),
            "parameter": described(TEXT, "The query parameter at fault (400)."),
            "retryAfter": described(INTEGER, "Seconds to wait before asking again, as in Retry-After (429)."),
        },
        "required": ["error"], "additionalProperties": False,
    }
    schemas["System"] = {
        "type": "object", "description": "The entry point (OParl System).",
        "properties": {
            "id": URI, "type": {"const": type_url("System")}, "oparlVersion": {"const": OPARL}, "name": TEXT,
            "website": URI, "license": URI, "openapi": URI, "documentation": URI,
            "lists": {"type": "object", "additionalProperties": URI},
        },
        "required": ["id", "type", "oparlVersion", "name", "lists"], "additionalProperties": False,
    }
    for resource in RESOURCES.values():
        schemas[f"{resource.type}OrDeleted"] = {
            "oneOf": [{"$ref": f"#/components/schemas/{resource.type}"}, {"$ref": "#/components/schemas/Deleted"}]
        }
        schemas[f"{resource.type}List"] = {
            "type": "object",
            "properties": {
                "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{resource.type}OrDeleted"}},
                "pagination": {"$ref": "#/components/schemas/Pagination"},
                "links": {"$ref": "#/components/schemas/Links"},
            },
            "required": ["data", "pagination", "links"], "additionalProperties": False,
        }
    return schemas


def _json(schema_name, description):
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


NOT_MODIFIED = {"description": "Not modified: the ETag given in If-None-Match is still the answer's."}
# Answered by the page cache (apps/core/cache.py) to a client asking too often for what it has not kept.
TOO_MANY_REQUESTS = {
    **_json("Error", "Too many requests from the client's address in a short time; retryAfter says when to ask again"),
    "headers": {"Retry-After": {"description": "Seconds to wait before asking again.",
                                "schema": {"type": "integer", "minimum": 1}}},
}


def _paths() -> dict:
    paths = {
        "/": {"get": {
            "operationId": "system", "summary": "The entry point, with the address of every list",
            "responses": {"200": _json("System", "The system object"), "429": TOO_MANY_REQUESTS},
        }},
        "/openapi.json": {"get": {
            "operationId": "openapi", "summary": "This description",
            "responses": {
                "200": {"description": "The OpenAPI description", "content": {"application/json": {}}},
                "429": TOO_MANY_REQUESTS,
            },
        }},
    }
    for resource in RESOURCES.values():
        description = TYPES[resource.type][0]
        parameters = [
            {"name": "page", "in": "query", "description": "The page, from 1.",
             "schema": {"type": "integer", "minimum": 1, "default": 1}},
            {"name": "limit", "in": "query", "description": "Objects per page.",
             "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
        ] + [
            {"name": name, "in": "query", "description": FILTER_PARAMETERS[name][0],
             "schema": FILTER_PARAMETERS[name][1]}
            for name in ("modified_since", *resource.filters)
        ]
        paths[f"/{resource.name}/"] = {"get": {
            "operationId": f"list-{resource.name}", "summary": f"The list of {resource.type} objects, by id",
            "description": description, "tags": [resource.type], "parameters": parameters,
            "responses": {
                "200": _json(f"{resource.type}List", "A page of the list"), "304": NOT_MODIFIED,
                "400": _json("Error", "A filter that the list does not have, or a value it cannot read"),
                "429": TOO_MANY_REQUESTS,
            },
        }}
        paths[f"/{resource.name}/{{id}}/"] = {"get": {
            "operationId": f"get-{resource.name}", "summary": f"One {resource.type}",
            "description": description, "tags": [resource.type],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": _json(f"{resource.type}OrDeleted",
                             "The object, or its mark if it was deleted or is no longer public"),
                "304": NOT_MODIFIED, "404": _json("Error", "No such public object"), "429": TOO_MANY_REQUESTS,
            },
        }}
    return paths


def description() -> dict:
    """The whole description, with the server's address from SITE_URL."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Södertörnsportalen: read API",
            "version": "1.0.0",
            "summary": "The public data of the Södertörn cooperation: bodies, people, meetings, agendas, documents, "
                       "decisions, the development programme, budgets, rotations and key figures.",
            "description": (
                "Every list is paginated (`page`, `limit`) and ordered by id; `links.next` is the next page. "
                "`modified_since` gives what changed, or was deleted or withdrawn, since a moment. Answers carry an "
                "ETag and answer 304 to If-None-Match, and may be read from any site (CORS). Object types and "
                "fields follow OParl 1.1 where an OParl type fits: " + ", ".join(sorted(OPARL_TYPES - {"System"})) + "."
            ),
            "license": {"name": "CC0 1.0 Universal", "identifier": "CC0-1.0"},
        },
        "servers": [{"url": f"{settings.SITE_URL}/api/v1"}],
        "paths": _paths(),
        "components": {"schemas": _schemas()},
    }
