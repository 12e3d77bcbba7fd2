"""Reading key figures from a CSV file laid out like Kolada's exports: one value per key figure (kpi),
municipality (by its four-digit code), period (year) and gender (T = total, K = women, M = men). Kolada's own ids
for the Stockholm county (0001, Region Stockholm) and the whole country (0000, Riket) give the comparison values."""

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from apps.municipalities.models import Municipality
from apps.core.forms import SpreadsheetError, decode_csv

from .models import ComparisonValue, Indicator, KeyFigure

# Kolada's "municipality" ids of the areas Södertörn is compared with.
COMPARISON_AREAS = {"0001": ComparisonValue.Area.COUNTY, "0000": ComparisonValue.Area.COUNTRY}
# What an export writes where Kolada has no value: the value stays missing (nothing is stored), never zero.
MISSING = {"", "-", "–", "—", "..", "...", "x", "nan", "null", "none"}

# Column names seen in Kolada's API and web exports, in English and Swedish, folded to lower case.
COLUMNS = {
    "kpi": {"kpi", "kpi_id", "kpi id", "nyckeltal_id", "nyckeltals-id", "nyckeltalsid", "nyckeltal id"},
    "municipality_id": {"municipality_id", "municipality id", "kommun_id", "kommun-id", "kommunid", "kommunkod",
                        "kommun id"},
    "municipality": {"municipality", "kommun", "municipality_name", "kommunnamn"},
    "period": {"period", "year", "år", "ar"},
    "gender": {"gender", "kön", "kon"},
    "value": {"value", "värde", "varde"},
}
TOTAL = {"t", "total", "totalt", "alla", ""}


@dataclass
class KoladaImport:
    """What an import found and did. Nothing is written when there are errors."""

    rows: list[tuple[Indicator, Municipality, int, Decimal]] = field(default_factory=list)
    comparison_rows: list[tuple[Indicator, str, int, Decimal]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unknown_codes: list[str] = field(default_factory=list)
    skipped: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _columns(headers: list[str]) -> dict[str, int]:
    found = {}
    for i, header in enumerate(headers):
        name = header.strip().strip('"').lower()
        for column, aliases in COLUMNS.items():
            if name in aliases and column not in found:
                found[column] = i
    return found


def _number(text: str) -> Decimal:
    cleaned = text.strip().replace("\xa0", "").replace(" ", "").replace(",", ".")
    return Decimal(cleaned).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def read_kolada_csv(data: bytes, indicator: Indicator | None = None) -> KoladaImport:
    """Read a Kolada CSV export. Values for women and men apart are skipped: the portal keeps totals.
    With `indicator`, every row is that indicator's (the kpi column, if any, must then name it)."""
    result = KoladaImport()
    try:
        text = decode_csv(data)
    except SpreadsheetError as e:
        result.errors.append(str(e))
        return result
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not lines:
        result.errors.append(_("The file is empty."))
        return result
    columns = _columns(lines[0])
    required = ["municipality_id", "period", "value"] + ([] if indicator else ["kpi"])
    missing = [name for name in required if name not in columns]
    if missing:
        result.errors.append(
            _("The file lacks the columns %(missing)s. A Kolada export has the columns "
              "kpi; municipality_id; municipality; period; gender; value.") % {"missing": ", ".join(missing)}
        )
        return result

    indicators = {i.kolada_id.upper(): i for i in Indicator.objects.exclude(kolada_id="")}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    seen = set()
    unknown_codes = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue

        def cell(name, line=line):
            i = columns.get(name)
            return line[i].strip() if i is not None and i < len(line) else ""

        if cell("gender").lower() not in TOTAL:
            result.skipped += 1
            continue
        problems = []
        kpi = cell("kpi").upper()
        if indicator is not None:
            row_indicator = indicator
            if kpi and indicator.kolada_id and kpi != indicator.kolada_id.upper():
                problems.append(_("the key figure %(kpi)s is not %(indicator)s") % {"kpi": kpi, "indicator": indicator})
        else:
            row_indicator = indicators.get(kpi)
            if row_indicator is None:
                problems.append(_("no indicator has the Kolada id “%(kpi)s”") % {"kpi": kpi})
        code = cell("municipality_id").zfill(4)
        area = COMPARISON_AREAS.get(code)
        municipality = municipalities.get(code)
        if municipality is None and area is None:
            problems.append(_("unknown municipality code %(code)s") % {"code": cell("municipality_id")})
            if code not in unknown_codes:
                unknown_codes.append(code)
        try:
            year = int(cell("period")[:4])
        except ValueError:
            problems.append(_("“%(value)s” is not a year") % {"value": cell("period")})
            year = None
        raw_value = cell("value")
        if raw_value.lower() in MISSING:
            result.skipped += 1
            continue
        try:
            value = _number(raw_value)
        except InvalidOperation:
            problems.append(_("“%(value)s” is not a number") % {"value": raw_value})
            value = None
        key = (getattr(row_indicator, "pk", None), code, year)
        if not problems and key in seen:
            problems.append(_("the same key figure, municipality and year come twice"))
        seen.add(key)
        if problems:
            result.errors.append(_("Line %(number)s: %(problems)s.") % {"number": number, "problems": "; ".join(problems)})
        elif area is not None:
            result.comparison_rows.append((row_indicator, area, year, value))
        else:
            result.rows.append((row_indicator, municipality, year, value))
    result.unknown_codes = unknown_codes
    if not result.rows and not result.comparison_rows and not result.errors:
        result.errors.append(_("The file has no values to import."))
    return result


def import_kolada_csv(data: bytes, indicator: Indicator | None = None, user=None) -> KoladaImport:
    """Read the file and, if every row is good, store its values (new ones added, changed ones updated)."""
    result = read_kolada_csv(data, indicator)
    if not result.ok:
        return result
    existing = {
        (figure.indicator_id, figure.municipality_id, figure.year): figure
        for figure in KeyFigure.objects.filter(
            indicator__in={row[0] for row in result.rows}, year__in={row[2] for row in result.rows}
        )
    }
    with transaction.atomic():
        for row_indicator, municipality, year, value in result.rows:
            figure = existing.get((row_indicator.pk, municipality.pk, year))
            if figure is not None and figure.value == value:
                result.unchanged += 1
                continue
            if figure is None:
                figure = KeyFigure(indicator=row_indicator, municipality=municipality, year=year)
                result.created += 1
            else:
                result.updated += 1
            figure.value = value
            figure._history_user = user
            figure.save()
        _store_comparison_values(result, user)
    return result


def _store_comparison_values(result: KoladaImport, user) -> None:
    rows = result.comparison_rows
    existing = {
        (value.indicator_id, value.area, value.year): value
        for value in ComparisonValue.objects.filter(
            indicator__in={row[0] for row in rows}, year__in={row[2] for row in rows}
        )
    } if rows else {}
    for row_indicator, area, year, value in rows:
        stored = existing.get((row_indicator.pk, area, year))
        if stored is not None and stored.value == value:
            result.unchanged += 1
            continue
        if stored is None:
            stored = ComparisonValue(indicator=row_indicator, area=area, year=year)
            result.created += 1
        else:
            result.updated += 1
        stored.value = value
        stored._history_user = user
        stored.save()
