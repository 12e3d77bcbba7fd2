"""What every spreadsheet import and export of the portal shares: the file formats, strict widgets and a base
resource whose error messages a person can act on, in Swedish."""

import calendar
import copy
import csv
import datetime
import decimal
import io
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import instance_loaders, resources, widgets
from import_export.formats import base_formats
from import_export.results import RowResult

from .forms import control_character_problem
from .open_data import FORMULA_START, PLAIN_NUMBER, formula_safe, unescaped_formula


class ImportValueError(ValueError):
    """A cell that cannot be read, with a message meant for the person importing."""


def _without_blank_lines(dataset: tablib.Dataset) -> tablib.Dataset:
    """Drop rows with nothing in them and unnamed columns with nothing in them (spreadsheets leave both).

    The result's `line_numbers` holds each remaining row's number in the spreadsheet (the headings are row 1),
    for messages that name a row the way the person sees it. A cell an export wrote with an apostrophe in front,
    so that a spreadsheet does not take it for a formula, is read without it."""
    blank = (None, "")
    headers = list(dataset.headers or [])
    rows, line_numbers = [], []
    for line, row in enumerate(dataset, start=2):
        if not all(cell in blank or str(cell).strip() == "" for cell in row):
            rows.append(list(row))
            line_numbers.append(line)
    keep = [
        i for i, header in enumerate(headers)
        if header not in blank or any(row[i] not in blank for row in rows if i < len(row))
    ]
    cleaned = tablib.Dataset(headers=[str(headers[i]).strip() if headers[i] is not None else "" for i in keep])
    for row in rows:
        cleaned.append([unescaped_formula(row[i]) if i < len(row) else None for i in keep])
    cleaned.line_numbers = line_numbers
    return cleaned


class SpreadsheetCSV(base_formats.CSV):
    """CSV in UTF-8, separated by commas or — as Swedish Excel saves it — by semicolons. Written with each text
    that a spreadsheet would take for a formula behind an apostrophe (open_data.formula_safe), numbers as they are.

    (django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops a first "=", not +, - or @,
    and makes every cell of an Excel file text, its numbers too.)"""

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            safe.append([formula_safe(value) for value in row])
        return safe.export("csv", **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.lstrip("\ufeff")
        first_line = in_stream.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.reader(io.StringIO(in_stream), delimiter=delimiter)
        rows = list(reader)
        dataset = tablib.Dataset()
        if rows:
            width = len(rows[0])
            dataset.headers = rows[0]
            for row in rows[1:]:
                dataset.append((row + [""] * width)[:width] if len(row) < width else row[:width])
        return _without_blank_lines(dataset)


# Excel number formats of exported columns (PortalResource.number_formats). Excel shows the thousands separator
# of the reader's locale: "945 000 kr" in Swedish.
KRONOR = '#,##0 "kr"'
KRONOR_AND_ORE = '#,##0.00 "kr"'
THOUSANDS = "#,##0"
TIME = "hh:mm"


class SpreadsheetXLSX(base_formats.XLSX):
    """Read: the first sheet of an Excel workbook, without the empty rows and columns Excel leaves behind.
    Written: one sheet named after the table, bold frozen headings, dates and times as Excel dates and times,
    numbers as numbers in the format the resource gives their column (an amount as "945 000 kr"), and text as
    text, even text that starts with "=" (never a formula): such a cell is marked as Excel marks a cell typed with
    an apostrophe in front (quotePrefix), so that it stays text when someone edits it."""

    def create_dataset(self, in_stream):
        return _without_blank_lines(super().create_dataset(in_stream))

    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = re.sub(r"[\\*?:/\[\]]", "-", str(dataset.title or ""))[:31] or "Data"
        sheet.append([str(header) for header in dataset.headers or []])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        formats = getattr(dataset, "number_formats", {})
        widths = [len(str(header)) for header in dataset.headers or []]
        for row_number, row in enumerate(dataset, start=2):
            for i, value in enumerate(row):
                cell = sheet.cell(row=row_number, column=i + 1, value=_excel_value(value, ILLEGAL_CHARACTERS_RE))
                if isinstance(cell.value, str) and FORMULA_START.match(cell.value) and not (
                    PLAIN_NUMBER.fullmatch(cell.value)
                ):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                number_format = formats.get(i)
                if isinstance(cell.value, datetime.time):
                    cell.number_format = TIME
                elif number_format == KRONOR and isinstance(cell.value, (decimal.Decimal, float)) and (
                    cell.value != int(cell.value)
                ):
                    cell.number_format = KRONOR_AND_ORE
                elif number_format and isinstance(cell.value, (int, float, decimal.Decimal)):
                    cell.number_format = number_format
                if i < len(widths):
                    widths[i] = max(widths[i], len(_shown(cell.value)))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, 60)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


def _excel_value(value, illegal_characters):
    """A cell's value as openpyxl can write it: no control characters, no time zone."""
    if isinstance(value, str):
        return illegal_characters.sub("\ufffd", value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


IMPORT_FORMATS = [SpreadsheetCSV, SpreadsheetXLSX]
EXPORT_FORMATS = [SpreadsheetCSV, SpreadsheetXLSX]


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row looked up by a name column; an unknown name is an error, not a blank."""

    def __init__(self, model, field="name", **kwargs):
        super().__init__(model, field=field, **kwargs)
        self._found = {}

    def clean(self, value, row=None, **kwargs):
        value = str(value if value is not None else "").strip()
        if not value:
            return None
        if value not in self._found:
            self._found[value] = self.lookup(value)
        if self._found[value] is None:
            raise ImportValueError(
                _("“%(value)s” is not among the %(models)s.")
                % {"value": value, "models": self.model._meta.verbose_name_plural}
            )
        return self._found[value]

    def lookup(self, value):
        return self.model.objects.filter(**{f"{self.field}__iexact": value}).first()


ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?\s*")


def _impossible_date_message(value) -> str | None:
    """Why a date written as year-month-day does not exist (30 February, month 13), or None."""
    match = ISO_DATE.fullmatch(str(value))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return _("“%(value)s” does not exist: there is no month %(month)s.") % {"value": value, "month": month}
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return _("“%(value)s” does not exist: %(month)s has %(days)s days.") % {
            "value": value, "month": date_format(datetime.date(year, month, 1), "F Y"), "days": days,
        }
    return None


class DateWidget(widgets.DateWidget):
    """A date; Excel hands dates over as datetimes at midnight. A day that does not exist is named as such."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            value = value.date()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            message = _impossible_date_message(value)
            if message:
                raise ImportValueError(message) from None
            raise


def _plain_number(value):
    """A number as written in Swedish or English spreadsheets: 12 500,50 or 12500.50."""
    if not isinstance(value, str):
        return value
    text = value.strip().replace("\xa0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


class DecimalWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        return decimal.Decimal(str(_plain_number(value)))


class IntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        number = decimal.Decimal(str(_plain_number(value)))
        if number != number.to_integral_value():
            raise ValueError(value)
        return int(number)


def _header_key(text) -> str:
    return " ".join(str(text if text is not None else "").split()).casefold()


def _in_languages(text) -> set[str]:
    """A lazily translated text in the active language, in Swedish and in English."""
    texts = {str(text)}
    for language in ["sv", "en"]:
        with translation.override(language):
            texts.add(str(text))
    return texts


class ChoiceWidget(widgets.Widget):
    """A field with choices, written as the choice's label in the reader's language ("ordinarie möte") and read
    from the label in Swedish or English, or from the stored value ("ordinary") that older files hold. A value
    that is none of them is left for the model to refuse with the list of valid values."""

    def __init__(self, model_field):
        super().__init__(coerce_to_string=True)
        self.choices = list(model_field.flatchoices)
        self.null = model_field.null
        self._values = {}

    def values(self) -> dict:
        """{label or value as a key: stored value}, for the active language."""
        language = translation.get_language()
        if language not in self._values:
            values = {}
            for value, label in self.choices:
                for text in [value, *_in_languages(label)]:
                    values.setdefault(_header_key(text), value)
            self._values[language] = values
        return self._values[language]

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return None if self.null else ""
        return self.values().get(_header_key(text), text)

    def render(self, value, obj=None, **kwargs):
        if value is None or value == "":
            return ""
        return str(dict(self.choices).get(value, value))


class BooleanWidget(widgets.BooleanWidget):
    """Yes or no: "Ja" or "Nej" in a CSV file, true or false in Excel; read from ja/nej, yes/no, sant/falskt,
    true/false, 1/0 or x, and an empty cell as no."""

    TRUE = {"1", "ja", "j", "yes", "y", "true", "sant", "x"}
    FALSE = {"", "0", "nej", "n", "no", "false", "falskt"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        text = _header_key(value)
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ImportValueError(_("“%(value)s” is not yes or no; write Ja or Nej.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return bool(value)
        return _("Yes") if value else _("No")


def _cell_message(widget, value) -> str:
    """Why a library widget could not read a cell, said the way a person can fix it."""
    shown = "" if value is None else str(value)
    if isinstance(widget, widgets.DateTimeWidget):
        return _("“%(value)s” is not a date and time; write it as 2017-02-02 12:00:00.") % {"value": shown}
    if isinstance(widget, widgets.DateWidget):
        return _("“%(value)s” is not a date; write dates as 2017-02-02.") % {"value": shown}
    if isinstance(widget, widgets.TimeWidget):
        return _("“%(value)s” is not a time; write times as 12:00.") % {"value": shown}
    if isinstance(widget, widgets.IntegerWidget):
        return _("“%(value)s” is not a whole number.") % {"value": shown}
    if isinstance(widget, (widgets.DecimalWidget, widgets.FloatWidget)):
        return _("“%(value)s” is not a number.") % {"value": shown}
    if isinstance(widget, widgets.ForeignKeyWidget):
        return _("“%(value)s” was not found.") % {"value": shown}
    return _("“%(value)s” cannot be read.") % {"value": shown}


def _choice_message(model_field, value) -> str:
    return _("“%(value)s” is not one of the allowed values: %(choices)s.") % {
        "value": value,
        "choices": ", ".join(str(label) for _key, label in model_field.flatchoices),
    }


def _shown(value) -> str:
    """A cell of the uploaded file as the preview shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    return str(value)


@dataclass
class PreviewCell:
    column: str
    value: str
    old: str | None = None  # what the cell replaces, when the import changes it
    error: bool = False

    @property
    def changed(self) -> bool:
        return self.old is not None

    @property
    def long(self) -> bool:
        """Worth wrapping over several lines rather than widening the table."""
        return len(self.value) > 24


@dataclass
class PreviewRow:
    """One row of the file as the preview shows it: a new or changed row's values, or a bad row's cells and why."""

    line: int  # the row's number in the spreadsheet, whose headings are row 1
    import_type: str  # RowResult.IMPORT_TYPE_…
    cells: list[PreviewCell]
    errors: list[tuple[str, str]] = dataclass_field(default_factory=list)  # (column, or "" for the row; message)

    @property
    def changes(self) -> list[PreviewCell]:
        return [cell for cell in self.cells if cell.changed]


def import_preview(result) -> dict:
    """What the preview page shows of a dry run: each bad row next to its problems, or else each new and
    changed row with its values; unchanged rows only counted."""
    rows = [row.preview for row in result.rows if getattr(row, "preview", None) is not None]
    totals = result.totals
    return {
        "headers": result.diff_headers,
        "general_errors": [str(error.error) for error in result.base_errors],
        "bad_rows": [row for row in rows if row.errors],
        "rows": [row for row in rows if not row.errors],
        "new": totals[RowResult.IMPORT_TYPE_NEW],
        "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
        "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
        "bad": totals[RowResult.IMPORT_TYPE_INVALID] + totals[RowResult.IMPORT_TYPE_ERROR],
    }


class PreviewDiff:
    """A row's before-and-after for the preview, with the many-to-many links a row sets even before they are
    saved. Nothing is read until the row turns out to be new or changed (PortalResource.import_row): the
    unchanged rows of a large file cost the preview nothing."""

    def __init__(self, resource, instance, new):
        self.resource = resource
        self.original = instance  # already a copy, taken before the row's cells were read
        self.instance = None
        self.new = new

    def compare_with(self, resource, instance):
        self.instance = instance

    def as_html(self):
        return self

    def cells(self) -> list[PreviewCell]:
        export = self.resource.export_field
        cells = []
        for field in self.resource.get_import_fields():
            value = _shown(export(field, self.instance))
            old = None if self.new else _shown(export(field, self.original))
            cells.append(PreviewCell(field.column_name, value, old if old is not None and old != value else None))
        return cells


class NoDiff:
    """The before-and-after of a confirmed import, which nobody sees."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


def record_history_in_bulk(model, saved: list, user=None) -> None:
    """One history record per saved row, many-to-many links included, in a few queries instead of several per
    row. `saved` holds (instance, "+" for created or "~" for changed)."""
    history = model.history
    m2m_fields = list(getattr(history.model, "_history_m2m_fields", []))
    user = user if getattr(user, "is_authenticated", False) else None
    records = []
    for history_type in ["+", "~"]:
        instances = [instance for instance, kind in saved if kind == history_type]
        if instances:
            created = history.bulk_history_create(instances, update=history_type == "~", default_user=user)
            records += list(zip(instances, created))
    for instance, _kind in saved:
        del instance.skip_history_when_saving
    for field in m2m_fields:
        through = field.remote_field.through
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = {}
        for link in through.objects.filter(**{f"{own}__in": [instance.pk for instance, _record in records]}):
            links.setdefault(getattr(link, f"{own}_id"), []).append(link)
        m2m_history = getattr(history.model, field.name).model
        m2m_history.objects.bulk_create([
            m2m_history(history=record, id=link.id, **{own: instance, f"{other}_id": getattr(link, f"{other}_id")})
            for instance, record in records for link in links.get(instance.pk, [])
        ])


class CachedInstanceLoader(instance_loaders.CachedInstanceLoader):
    """The file's existing rows fetched in one query by their ids. An id cell that is not a number is left for
    its row to report (PortalResource.get_or_init_instance) instead of failing the whole import."""

    def __init__(self, resource, dataset=None):  # not super().__init__(), which stops at the first unreadable id
        instance_loaders.BaseInstanceLoader.__init__(self, resource, dataset)
        self.pk_field = resource.fields[resource.get_import_id_fields()[0]]
        column = self.pk_field.column_name
        ids = set()
        if dataset is not None and column in (dataset.headers or []):
            for value in dataset[column]:
                try:
                    ids.add(self.pk_field.clean({column: value}))
                except (ValueError, TypeError, ArithmeticError):
                    pass
        ids.discard(None)
        queryset = self.get_queryset().filter(**{f"{self.pk_field.attribute}__in": ids}) if ids else []
        self.all_instances = {self.pk_field.get_value(instance): instance for instance in queryset}

    def get_instance(self, row):
        return self.all_instances.get(self.pk_field.clean(row))


def _constraint_message(instance, error: IntegrityError) -> str:
    """The message of the model constraint a database error names, or the error itself."""
    text = str(error)
    for constraint in instance._meta.constraints:
        if constraint.name in text:
            return str(constraint.get_violation_error_message())
    return _("The row breaks a rule of the database: %(error)s") % {"error": text.splitlines()[0]}


class PortalResource(resources.ModelResource):
    """A model resource whose import and export use the same columns and whose errors name the cell."""

    class Meta:
        # Unchanged rows are counted (result.totals), not kept one by one: the preview does not list them.
        report_skipped = False

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DateField": DateWidget,
        "TextField": widgets.CharWidget,
        "DecimalField": DecimalWidget,
        "BooleanField": BooleanWidget,
        **{name: IntegerWidget for name in [
            "IntegerField", "PositiveIntegerField", "BigIntegerField", "PositiveBigIntegerField",
            "PositiveSmallIntegerField", "SmallIntegerField", "SmallAutoField", "AutoField", "BigAutoField",
        ]},
    }

    # Headings other than the field's verbose name: {field name: lazy text}.
    column_labels: dict = {}
    # Excel number formats of exported columns: {field name: format}, e.g. {"amount": KRONOR}.
    number_formats: dict = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Each column is headed by its field's verbose name in the reader's language ("Organ", "Datum"); the
        # row's number stays "id". A file is read by those headings, by the English ones and by the field
        # names the portal's first exports had ("body", "date"), so that older files still import.
        self._columns_by_heading = {}
        model_fields = {field.name: field for field in self._meta.model._meta.concrete_fields}
        model_fields.update({field.name: field for field in self._meta.model._meta.many_to_many})
        self._multi_line = {name for name, field in model_fields.items() if isinstance(field, models.TextField)}
        for name, field in self.fields.items():
            old_heading = field.column_name
            model_field = model_fields.get(name) or model_fields.get(field.attribute)
            label = self.column_labels.get(name) or (
                model_field.verbose_name if model_field is not None and not model_field.primary_key else None
            )
            if label is not None:
                field.column_name = capfirst(str(label))
            for heading in {name, field.attribute, old_heading, field.column_name, *_in_languages(label or "")}:
                if heading:
                    self._columns_by_heading.setdefault(_header_key(heading), field.column_name)

    def canonical_headers(self, headers) -> list[str]:
        """A file's headings with each known one replaced by the heading an export writes."""
        return [
            self._columns_by_heading.get(_header_key(header), str(header if header is not None else "").strip())
            for header in headers or []
        ]

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        if django_field.choices:
            field.widget = ChoiceWidget(django_field)
        return field

    def column_names(self) -> list[str]:
        """The columns an export writes, and so the columns an import expects."""
        return [field.column_name for field in self.get_user_visible_fields()]

    def written_only_columns(self) -> list[str]:
        """The columns an export writes for the reader and an import ignores (read-only fields)."""
        return [field.column_name for field in self.get_user_visible_fields() if field.readonly]

    def export(self, queryset=None, **kwargs):
        """The rows as a table named after the model ("Möten"), each column's Excel number format given."""
        dataset = super().export(queryset, **kwargs)
        dataset.title = capfirst(str(self._meta.model._meta.verbose_name_plural))
        dataset.number_formats = {
            i: self.number_formats[self.get_field_name(field)]
            for i, field in enumerate(self.get_export_fields(kwargs.get("export_fields")))
            if self.get_field_name(field) in self.number_formats
        }
        return dataset

    def import_data(self, dataset, **kwargs):
        dataset.headers = self.canonical_headers(dataset.headers)
        return super().import_data(dataset, **kwargs)

    def text_problem(self, field, row) -> str | None:
        """What is wrong with the characters of the row's cell for `field`: no cell may hold control characters,
        and only a multi-line text (a TextField) tabs and line breaks."""
        if field.column_name not in row:
            return None
        return control_character_problem(row[field.column_name], multi_line=field.attribute in self._multi_line)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if (problem := self.text_problem(field, row)) is not None:
            raise ImportValueError(problem)
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except ImportValueError:
            raise
        except ValidationError as e:
            raise ImportValueError("; ".join(e.messages)) from e
        except (ValueError, TypeError, ArithmeticError, ObjectDoesNotExist, MultipleObjectsReturned) as e:
            raise ImportValueError(_cell_message(field.widget, row.get(field.column_name))) from e

    # Check constraints tested in Python, by name, instead of by a database query per constraint and row:
    # {constraint name: predicate on the cleaned instance}. The database still enforces them on save.
    constraint_checks: dict = {}
    # Whether the preview (a dry run) saves the rows in a transaction it rolls back. A resource whose
    # rules are all checked in Python can preview without writing, which is much faster.
    preview_writes = True
    # Whether new rows of a confirmed import are inserted in batches instead of one save() each. Only for a
    # model whose save() adds nothing prepare_new_row() does not, and whose rules are all in constraint_checks.
    bulk_create_new_rows = False
    BATCH_SIZE = 500

    def prepare_new_row(self, instance) -> None:
        """Do for a row inserted in bulk what the model's save() would have done."""

    def _resolved_foreign_keys(self) -> set[str]:
        """Fields set from a row by a widget that looked the related row up: no need to ask the database again."""
        return {
            field.attribute for field in self.get_import_fields()
            if isinstance(field.widget, widgets.ForeignKeyWidget) and not isinstance(field.widget, widgets.ManyToManyWidget)
        }

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not self._meta.clean_model_instances:
            if errors:
                raise ValidationError(errors)
            return
        resolved = self._resolved_foreign_keys() - set(errors)
        try:
            instance.full_clean(
                exclude=set(errors) | resolved, validate_unique=validate_unique,
                validate_constraints=not self.constraint_checks,
            )
        except ValidationError as e:
            errors = self._with_choices_listed(instance, e).update_error_dict(errors)
        for name in resolved:
            model_field = instance._meta.get_field(name)
            if getattr(instance, model_field.attname) is None and not model_field.blank:
                errors.setdefault(name, []).append(model_field.error_messages["blank"])
        if not errors:
            constraints = {constraint.name: constraint for constraint in instance._meta.constraints}
            for name, holds in self.constraint_checks.items():
                if not holds(instance):
                    errors.setdefault(NON_FIELD_ERRORS, []).append(constraints[name].get_violation_error_message())
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _with_choices_listed(instance, error: ValidationError) -> ValidationError:
        """The model's errors, a value that is not among a field's choices said together with the valid ones."""
        for name, field_errors in error.error_dict.items():
            for i, field_error in enumerate(field_errors):
                if field_error.code == "invalid_choice":
                    field_errors[i] = ValidationError(
                        _choice_message(instance._meta.get_field(name), (field_error.params or {}).get("value")),
                        code="invalid_choice",
                    )
        return error

    def do_instance_save(self, instance, is_create):
        if self._checks_every_constraint():
            # Every rule was tested before saving: no savepoint is needed to recover from a refused row.
            instance.save(force_insert=is_create)
            return
        try:
            with transaction.atomic():
                instance.save(force_insert=is_create)
        except IntegrityError as e:
            raise ValidationError(_constraint_message(instance, e)) from e

    def _checks_every_constraint(self) -> bool:
        return set(self.constraint_checks) == {constraint.name for constraint in self._meta.model._meta.constraints}

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        # A savepoint around each row lets one refused row be undone alone. A preview that writes nothing
        # needs none, nor does an import whose rules are all tested before it writes (the whole import is
        # still one transaction, rolled back if anything fails).
        quiet = (dry_run and not self.preview_writes) or (
            not dry_run and self.bulk_create_new_rows and self._checks_every_constraint()
        )
        # Only a preview shows the before-and-after of its rows. (This is the first place that knows which
        # it is: before_import() is called before django-import-export puts dry_run among its arguments.)
        self._previewing = dry_run
        self._meta = copy.copy(self._meta)
        self._meta.skip_html_diff = not dry_run
        lines = getattr(dataset, "line_numbers", None)
        self._line_numbers = lines if lines is not None and len(lines) == len(dataset) else None
        return super().import_data_inner(
            dataset, dry_run, raise_errors, using_transactions and not quiet, collect_failed_rows, **kwargs
        )

    def get_import_fields(self):
        # Asked for several times per row; the answer does not change during an import.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            if not self.preview_writes:
                return
            # A preview is rolled back: recording its history would be wasted work.
            instance.skip_history_when_saving = True
        else:
            # The history of an import is written in bulk once every row is in (see after_import).
            instance.skip_history_when_saving = True
            self._unrecorded.append((instance, "+" if is_create else "~"))
            instance._created_by_import = is_create
            if is_create and instance.pk is not None:
                self._numbered_rows_created = True
            if is_create and self.bulk_create_new_rows:
                self.before_save_instance(instance, row, **kwargs)
                self.prepare_new_row(instance)
                self._new_rows.append(instance)
                if len(self._new_rows) >= self.BATCH_SIZE:
                    self._insert_new_rows()
                return
        super().save_instance(instance, is_create, row, **kwargs)

    def _insert_new_rows(self) -> None:
        """Insert the waiting new rows and their many-to-many links, a batch at a time."""
        rows, self._new_rows = self._new_rows, []
        if not rows:
            return
        self._meta.model._default_manager.bulk_create(rows, batch_size=self.BATCH_SIZE)
        for field in self._meta.model._meta.many_to_many:
            through = field.remote_field.through
            own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
            through.objects.bulk_create([
                through(**{f"{own}_id": instance.pk, f"{other}_id": target.pk})
                for instance in rows for target in getattr(instance, "_pending_m2m", {}).get(field.name, [])
            ], batch_size=self.BATCH_SIZE)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._unrecorded = []
        self._new_rows = []
        self._numbered_rows_created = False

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        self._insert_new_rows()
        if self._numbered_rows_created and not kwargs.get("dry_run"):
            # Rows created with the numbers of an export: the database's next number must come after them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [self._meta.model]):
                    cursor.execute(sql)
        if not kwargs.get("dry_run") and self._unrecorded:
            record_history_in_bulk(self._meta.model, self._unrecorded, user=kwargs.get("user"))
        self._unrecorded = []

    def save_m2m(self, instance, row, **kwargs):
        if kwargs.get("dry_run") and not self.preview_writes:
            return
        if getattr(instance, "_created_by_import", False):
            if self.bulk_create_new_rows:
                return  # inserted with the row's batch
            # A new row has no links yet: insert them in one query. (Its history is written in after_import.)
            for name, targets in getattr(instance, "_pending_m2m", {}).items():
                field = instance._meta.get_field(name)
                through = field.remote_field.through
                own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
                through.objects.bulk_create(
                    [through(**{f"{own}_id": instance.pk, f"{other}_id": target.pk}) for target in targets]
                )
            return
        super().save_m2m(instance, row, **kwargs)

    def get_diff_class(self):
        return PreviewDiff if getattr(self, "_previewing", False) else NoDiff

    def get_queryset(self):
        # The rows an import compares its rows with, fetched with the related rows their columns name: no
        # query per row to tell whether a row changes, nor to show what it changes.
        fields = self.get_import_fields()
        many = [f.attribute for f in fields if isinstance(f.widget, widgets.ManyToManyWidget)]
        single = [
            f.attribute for f in fields
            if isinstance(f.widget, widgets.ForeignKeyWidget) and f.attribute not in many and "__" not in f.attribute
        ]
        queryset = super().get_queryset()
        if single:  # select_related() with no names would follow every foreign key (and is deprecated for it)
            queryset = queryset.select_related(*single)
        return queryset.prefetch_related(*many)

    def spreadsheet_line(self, row_number: int) -> int:
        """The spreadsheet's number of the dataset's `row_number`th row (counted from 1); its headings are row 1."""
        lines = getattr(self, "_line_numbers", None)
        if lines is not None:
            return lines[row_number - 1]
        return row_number + 1

    def get_or_init_instance(self, instance_loader, row):
        # A row whose id cells cannot be read is taken as a new row whose import_instance() says what is wrong,
        # together with the row's other problems.
        self._id_errors = {}
        try:
            return super().get_or_init_instance(instance_loader, row)
        except (ValueError, TypeError, ArithmeticError):
            self._id_errors = self._unreadable_ids(row)
            if not self._id_errors:
                raise
            return self.init_instance(row), True

    def _unreadable_ids(self, row) -> dict[str, list[str]]:
        errors = {}
        pk_name = self._meta.model._meta.pk.name
        for name in self.get_import_id_fields():
            field = self.fields[name]
            try:
                field.clean(row)
            except ImportValueError as e:
                errors[field.attribute] = [str(e)]
            except (ValueError, TypeError, ArithmeticError):
                if field.attribute == pk_name:
                    message = _("%(column)s must be a whole number, or empty for a new row.") % {
                        "column": field.column_name}
                else:
                    message = _cell_message(field.widget, row.get(field.column_name))
                errors[field.attribute] = [message]
        return errors

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        diff, row_result.diff = row_result.diff, None
        if getattr(self, "_previewing", False) and row_result.import_type != RowResult.IMPORT_TYPE_SKIP:
            row_result.preview = self._preview_row(row, row_result, diff, self.spreadsheet_line(kwargs["row_number"]))
        return row_result

    def _preview_row(self, row, row_result, diff, line: int) -> PreviewRow:
        errors = self._row_errors(row_result)
        if errors or not isinstance(diff, PreviewDiff):
            bad = {column for column, _message in errors}
            cells = [
                PreviewCell(field.column_name, _shown(row.get(field.column_name)), error=field.column_name in bad)
                for field in self.get_import_fields()
            ]
            return PreviewRow(line, row_result.import_type, cells, errors)
        return PreviewRow(line, row_result.import_type, diff.cells())

    def _row_errors(self, row_result) -> list[tuple[str, str]]:
        """A bad row's problems as (column, message), the column empty for a problem of the row as a whole."""
        columns = {field.attribute: field.column_name for field in self.get_import_fields()}
        errors = []
        error = row_result.validation_error
        if error is not None:
            if hasattr(error, "error_dict"):
                for key, messages in error.message_dict.items():
                    column = "" if key == NON_FIELD_ERRORS else columns.get(key, key)
                    errors += [(column, message) for message in messages]
            else:
                errors += [("", message) for message in error.messages]
        errors += [("", str(e.error)) for e in row_result.errors]
        return errors

    def export_field(self, field, instance, **kwargs):
        # In a preview that does not write, show the many-to-many values the row will set.
        pending = getattr(instance, "_pending_m2m", {})
        if field.attribute in pending:
            return field.widget.separator.join(str(getattr(obj, field.widget.field)) for obj in pending[field.attribute])
        return super().export_field(field, instance, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Read every cell, many-to-many columns included, so one preview shows every problem of a row."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        errors.update(getattr(self, "_id_errors", {}))
        for field in self.get_import_fields():
            if not isinstance(field.widget, widgets.ManyToManyWidget) or field.column_name not in row:
                continue
            if (problem := self.text_problem(field, row)) is not None:
                errors.setdefault(field.attribute, []).append(problem)
                continue
            try:
                pending = getattr(instance, "_pending_m2m", {})
                pending[field.attribute] = field.clean(row, **kwargs)
                instance._pending_m2m = pending
            except ValueError as e:
                errors.setdefault(field.attribute, []).append(str(e))
        if errors:
            raise ValidationError(errors)
