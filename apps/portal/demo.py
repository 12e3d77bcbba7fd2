"""Demonstration data: what a newcomer needs to see a living portal, on top of the seed data's source facts.

`manage.py seed --demo` loads it (scripts/serve does); production never does. Nothing here is true: the people,
their addresses, the venues, the agendas, the population figures, the key figures, the fee shares, the goals
and sub-goals of the 2035 programme with their progress, the indicators that follow the goals of 2013 and 2035
with their values (the county's and the country's too), the yearly follow-ups of the last four years, and the meetings of this year and the next. The
meetings are dated from the day the data is loaded, so that the calendar is alive whenever it is loaded. The
row of DemoData it leaves behind puts one banner on every public page.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.bodies.models import Body, Person, Role
from apps.budgets.models import Budget, FeeShare
from apps.followup.models import FollowUp, IndicatorLink, PresentationText, ProgressReport
from apps.followup.services import indicator_series
from apps.keyfigures.models import ComparisonValue, Indicator, KeyFigure
from apps.meetings.models import AgendaItem, Meeting
from apps.municipalities.models import Municipality, Population
from apps.programme.models import Goal, Programme, SubGoal
from apps.rotations.models import Rotation

from .context_processors import remember_demo_data
from .models import DemoData, SecretariatContact

WEDNESDAY, THURSDAY, FRIDAY = 2, 3, 4

VENUES = {
    "botkyrka": "Botkyrka kommunhus, Munkhättevägen 45, 147 85 Tumba",
    "haninge": "Haninge kommunhus, Rudsjöterrassen 2, 136 81 Haninge",
    "huddinge": "Huddinge kommunhus, Kommunalvägen 28, 141 85 Huddinge",
    "nykvarn": "Nykvarns kommunhus, Centrumvägen 18, 155 80 Nykvarn",
    "nynashamn": "Nynäshamns stadshus, Stadshusplatsen 1, 149 81 Nynäshamn",
    "salem": "Salems kommunhus, Säbytorgsvägen 10, 144 80 Rönninge",
    "sodertalje": "Södertälje stadshus, Campusgatan 26, 151 89 Södertälje",
    "tyreso": "Tyresö kommunhus, Marknadsvägen 15, 135 81 Tyresö",
}

# Inhabitants on 31 December 2017, rounded: the population of 2017 and, for the same year, the key figure
# "Invånare" (one figure, one year on every page).
INHABITANTS = {
    "botkyrka": 91_900, "haninge": 86_000, "huddinge": 109_000, "nykvarn": 10_300,
    "nynashamn": 27_500, "salem": 16_600, "sodertalje": 95_200, "tyreso": 46_800,
}
POST_SECONDARY = {  # per cent of inhabitants 25–64 years old, 2015 and 2016
    "botkyrka": ("33.80", "34.40"), "haninge": ("36.20", "36.90"), "huddinge": ("44.10", "44.80"),
    "nykvarn": ("32.30", "33.10"), "nynashamn": ("32.90", "33.60"), "salem": ("44.70", "45.50"),
    "sodertalje": ("32.60", "33.20"), "tyreso": ("46.30", "47.10"),
}

# The committee: each municipal board's chair with a substitute (slug: member, substitute).
COMMITTEE = {
    "huddinge": ("Anders Nyström", "Maria Ekholm"),
    "sodertalje": ("Fatima Yilmaz", "Oskar Nilsson"),
    "botkyrka": ("Ebba Lindqvist", "Johan Karlsson"),
    "haninge": ("Martin Åberg", "Sara Holm"),
    "nykvarn": ("Lena Forsberg", "Peter Blom"),
    "nynashamn": ("Karin Sundqvist", "Ali Haddad"),
    "salem": ("Per Wallin", "Emma Berg"),
    "tyreso": ("Gustav Lindahl", "Hanna Sjöberg"),
}
# The management group's municipal directors; Huddinge's is in the seed data.
DIRECTORS = {
    "botkyrka": "Ingrid Falk", "haninge": "Tomas Rydén", "nykvarn": "Jenny Strand", "nynashamn": "Mikael Öst",
    "salem": "Annika Borg", "sodertalje": "Reza Amini", "tyreso": "Cecilia Hult",
}
SECRETARY = ("Elin Marklund", "Sekreterare, Södertörnssekretariatet", "08-465 004 20")

# The 2035 programme's goals and sub-goals, after the kind the secretariat's site lists: (focus area slug, owner
# network slug, goal, [(sub-goal, status, progress)]).
GOALS_2035 = [
    ("infrastruktur", "planeringschefsnatverket", "En stark infrastruktur är en förutsättning för hållbar utveckling", [
        ("Tillgängligheten till och inom Södertörn ökar samtidigt som klimatpåverkan från resor och transporter "
         "minskar.", SubGoal.Status.ONGOING, 40),
        ("De prioriterade infrastrukturprojekten på Södertörn genomförs.", SubGoal.Status.ONGOING, 20),
        ("Södertörn har en robust teknisk försörjning.", SubGoal.Status.NOT_STARTED, 0),
    ]),
    ("utbildning", "yh-natverket", "Utbildningsnivån på Södertörn höjs och möter arbetsmarknadens behov", [
        ("Utbudet av yrkeshögskoleutbildningar (YH) på Södertörn ökar i takt med arbetsmarknadens behov.",
         SubGoal.Status.ONGOING, 50),
        ("Andelen invånare med eftergymnasial utbildning ökar i alla Södertörnskommuner.",
         SubGoal.Status.NOT_STARTED, 0),
    ]),
    ("naringsliv", "naringslivschefsnatverket", "Södertörn har ett starkt och växande näringsliv", [
        ("Näringslivsklimatet förbättras i samtliga Södertörnskommuner.", SubGoal.Status.ONGOING, 60),
        ("Samverkan mellan näringslivet och högskolorna på Södertörn stärks.", SubGoal.Status.DONE, 100),
    ]),
    ("funktionell-samordning", "ledningsgruppen",
     "Samordningen mellan Södertörnskommunerna stödjer kommunledningarnas arbete i hemkommunen", [
         ("Chefsnätverken tar varje år fram verksamhetsplaner och handlingsplaner som konkretiserar "
          "utvecklingsprogrammet.", SubGoal.Status.ONGOING, 75),
     ]),
    ("hallbar-utveckling", "klimatstrateger", "Klimatfrågan genomsyrar arbetet inom alla fokusområden", [
        ("Varje chefsnätverks handlingsplan redovisar hur arbetet bidrar till minskad klimatpåverkan.",
         SubGoal.Status.NOT_STARTED, 0),
    ]),
]

# What the committee's agendas take up, in turn: (title, presenter, asked, description, proposed decision).
TOPICS = [
    ("Kollektivtrafiken på Södertörn – tvärförbindelser och stombussar", "Planeringschefsnätverket",
     AgendaItem.Asked.DISCUSSION,
     "Planeringschefsnätverket redovisar kommunernas gemensamma synpunkter på Region Stockholms "
     "trafikförsörjningsprogram, med tyngdpunkt på kollektivtrafik på tvären mellan de regionala stadskärnorna "
     "Flemingsberg, Haninge och Södertälje.", ""),
    ("Näringslivsklimatet på Södertörn – årets mätning", "Näringslivschefsnätverket", AgendaItem.Asked.INFORMATION,
     "Näringslivschefsnätverket presenterar resultatet för de åtta kommunerna och förslag på gemensamma insatser.",
     ""),
    ("Kompetensförsörjning och yrkeshögskoleutbildningar", "YH-nätverket", AgendaItem.Asked.INFORMATION,
     "Läget för ansökningarna om nya yrkeshögskoleutbildningar på Södertörn.", ""),
    ("Södertörns prioriteringar inför länsplanen för transportinfrastruktur", "Planeringschefsnätverket",
     AgendaItem.Asked.DECISION,
     "Förslag till gemensam prioritering av infrastrukturobjekt på Södertörn.",
     "Samarbetskommittén ställer sig bakom prioriteringarna och uppdrar åt sekretariatet att lämna dem till "
     "Region Stockholm."),
    ("Klimatpåverkan från resor och transporter – gemensam handlingsplan", "Klimatstrateger",
     AgendaItem.Asked.DISCUSSION,
     "Klimatstrategerna presenterar ett utkast till handlingsplan för fossilfria transporter i kommunernas egna "
     "verksamheter.", ""),
    ("Nyckeltal Södertörn – förslag till indikatorer", "Sekretariatet", AgendaItem.Asked.DISCUSSION,
     "Sekretariatet föreslår vilka nyckeltal som ska följas upp till nästa Nyckeltalsdag.", ""),
]

# The 2017 committee meeting of 2 February, with an agenda on the year's plan (seed meeting: body, date).
AGENDA_2017 = [
    ("Mötets öppnande och godkännande av föredragningslistan", "", "Ordföranden", AgendaItem.Asked.DECISION,
     "Föredragningslistan godkänns."),
    ("Samverkan på Södertörn – inriktning 2017", "Sekretariatet presenterar förslaget till inriktning för 2017.",
     "Sekretariatet", AgendaItem.Asked.DECISION,
     "Samarbetskommittén fastställer inriktningen för 2017 med kalendarium och budget för 2017."),
    ("Näringslivsklimatet på Södertörn – aktiviteter under 2017",
     "Näringslivschefsnätverket berättar om de aktiviteter som planeras.", "Näringslivschefsnätverket",
     AgendaItem.Asked.DISCUSSION, ""),
    ("Södertörns positionering i RUFS 2050", "Planeringschefsnätverket informerar om arbetet med RUFS 2050.",
     "Planeringschefsnätverket", AgendaItem.Asked.INFORMATION, ""),
]


def email_for(name: str) -> str:
    plain = name.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return plain.replace(" ", ".") + "@example.se"


def weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def load_demo(today: datetime.date | None = None) -> bool:
    """Load the demonstration data over the seed data; False (and nothing done) when it is there already."""
    with transaction.atomic():
        loaded = _load(today or timezone.localdate())
    if loaded:
        remember_demo_data(True)
    return loaded


def _load(today):
    if DemoData.objects.exists():
        return False
    places = {municipality.slug: municipality for municipality in Municipality.objects.all()}
    bodies = {body.slug: body for body in Body.objects.all()}
    _venues(places)
    _populations_and_key_figures(places)
    _fee_shares(places)
    _programme_2035(bodies)
    _follow_up(places, today)
    _people(places, bodies, today)
    _agenda_2017(bodies)
    _meetings(places, bodies, today)
    _contact()
    DemoData.objects.create(pk=1)
    return True


def _contact():
    """The secretariat's contact, unless one has been entered: an e-mail address at example.se and a phone number
    from the series the Swedish Post and Telecom Authority keeps for fiction (08-46 500 500 to 599)."""
    SecretariatContact.objects.get_or_create(pk=1, defaults={
        "name": "Södertörns samverkanssekretariat",
        "organisation": "Huddinge kommun",
        "address": "Södertörns samverkanssekretariat\nHuddinge kommun\n141 85 Huddinge",
        "visiting_address": "Kommunhuset, Kommunalvägen 28, Huddinge",
        "email": "sekretariatet@example.se",
        "phone": "08-46 500 500",
        "hours": "vardagar 9–16",
    })


def _venues(places):
    for slug, venue in VENUES.items():
        if slug in places:
            Municipality.objects.filter(pk=places[slug].pk).update(venue=venue, modified=timezone.now())
            places[slug].venue = venue


def _populations_and_key_figures(places):
    for slug, inhabitants in INHABITANTS.items():
        Population.objects.get_or_create(
            municipality=places[slug], year=2017, defaults={"inhabitants": inhabitants, "source": "SCB, avrundat"}
        )
    people, _created = Indicator.objects.update_or_create(slug="invanare", defaults={
        "name": "Invånare", "unit": "personer", "kolada_id": "N01951", "is_sample": False,
        "description": "Antal invånare den 31 december, avrundat. Södertörns nyckeltal följs upp och presenteras "
                       "vartannat år på Nyckeltalsdagen.",
    })
    education, _created = Indicator.objects.update_or_create(slug="eftergymnasial-utbildning-25-64", defaults={
        "name": "Andel invånare 25–64 år med eftergymnasial utbildning", "unit": "%", "is_sample": False,
        "description": "Andel av invånarna 25–64 år som har eftergymnasial utbildning.",
    })
    for slug, inhabitants in INHABITANTS.items():
        KeyFigure.objects.update_or_create(indicator=people, municipality=places[slug], year=2017,
                                           defaults={"value": inhabitants})
        for year, value in zip((2015, 2016), POST_SECONDARY[slug]):
            KeyFigure.objects.update_or_create(indicator=education, municipality=places[slug], year=year,
                                               defaults={"value": Decimal(value)})


def _fee_shares(places):
    budget = Budget.objects.filter(year=2017).first()
    if budget is None:
        return
    budget.fee_key = Budget.FeeKey.EQUAL
    budget.notes = "Avgiften delas lika mellan de åtta kommunerna."
    budget.save()
    for municipality in places.values():
        FeeShare.objects.get_or_create(budget=budget, municipality=municipality,
                                       defaults={"amount": Decimal("118125")})


def _programme_2035(bodies):
    programme = Programme.objects.filter(slug="utvecklingsprogram-2035").first()
    if programme is None:
        return
    areas = {area.slug: area for area in programme.focus_areas.all()}
    for area_slug, owner_slug, title, sub_goals in GOALS_2035:
        if area_slug not in areas or areas[area_slug].goals.exists():
            continue
        owner = bodies.get(owner_slug)
        goal = Goal.objects.create(focus_area=areas[area_slug], title=title, owner=owner, order=1)
        for order, (text, status, progress) in enumerate(sub_goals, start=1):
            SubGoal.objects.create(goal=goal, kind=SubGoal.Kind.SUB_GOAL, text=text, owner=owner, status=status,
                                   progress=progress, order=order)


# Indicators that follow the goals, with values per municipality from 2012: (slug, name, unit, description,
# Södertörn's value in 2012, its change per year, the county's and the country's difference from Södertörn).
FOLLOW_UP_INDICATORS = [
    ("nystartade-foretag", "Nystartade företag per 1 000 invånare 16–64 år", "per 1 000",
     "Antal nystartade företag per 1 000 invånare 16–64 år.", "9.20", "0.25", "3.10", "1.40"),
    ("vaxthusgaser-per-invanare", "Utsläpp av växthusgaser, ton koldioxidekvivalenter per invånare", "ton",
     "Utsläpp av växthusgaser inom kommunens yta per invånare.", "3.40", "-0.12", "-0.60", "1.50"),
]
# How each municipality differs from Södertörn's value, in the order of the slugs' names.
SPREAD = {"botkyrka": "-0.8", "haninge": "-0.3", "huddinge": "0.9", "nykvarn": "-1.1", "nynashamn": "-0.6",
          "salem": "0.7", "sodertalje": "-0.2", "tyreso": "0.4"}
POST_SECONDARY_AREAS = {"county": ("50.10", "50.80"), "country": ("43.20", "43.90")}  # 2015 and 2016
# (programme slug, goal title, indicator slug, direction, aggregation, baseline year, target value, target year)
INDICATOR_LINKS = [
    ("utvecklingsprogram-2013", "Höj utbildningsnivån på Södertörn", "eftergymnasial-utbildning-25-64",
     "higher", "weighted_mean", 2015, "42.00", 2020),
    ("utvecklingsprogram-2013", "Stödja ett kunskapsintensivt näringsliv", "nystartade-foretag",
     "higher", "weighted_mean", 2013, "12.00", 2018),
    ("utvecklingsprogram-2013", "Leda omställningen till ett klimateffektivt samhälle", "vaxthusgaser-per-invanare",
     "lower", "weighted_mean", 2013, "2.50", 2020),
    ("utvecklingsprogram-2035", "Utbildningsnivån på Södertörn höjs och möter arbetsmarknadens behov",
     "eftergymnasial-utbildning-25-64", "higher", "weighted_mean", 2016, "50.00", 2035),
    ("utvecklingsprogram-2035", "Södertörn har ett starkt och växande näringsliv", "nystartade-foretag",
     "higher", "weighted_mean", 2019, "14.00", 2035),
    ("utvecklingsprogram-2035", "Klimatfrågan genomsyrar arbetet inom alla fokusområden", "vaxthusgaser-per-invanare",
     "lower", "weighted_mean", 2019, "1.00", 2035),
    ("utvecklingsprogram-2035", "En stark infrastruktur är en förutsättning för hållbar utveckling", "invanare",
     "higher", "sum", 2017, None, None),
]
PRESENTATION_TEXTS = {
    "eftergymnasial-utbildning-25-64": "Andelen med eftergymnasial utbildning ökar i alla åtta kommunerna men är "
                                       "fortfarande lägre än i länet. Skillnaden mellan kommunerna är stor.",
    "nystartade-foretag": "Nyföretagandet ökar på Södertörn, men i lägre takt än i länet som helhet.",
    "vaxthusgaser-per-invanare": "Utsläppen per invånare minskar i alla kommunerna; Södertörn ligger under riket "
                                 "men över länet.",
    "invanare": "Södertörn växer med omkring 10 000 invånare om året.",
}
FOLLOW_UP_COMMENTS = {
    "not_started": "Arbetet har inte startat än; nätverket planerar insatserna.",
    "ongoing": "Nätverket arbetar enligt handlingsplanen.",
    "done": "Klart. Resultatet redovisades för samarbetskommittén.",
}


def _value(start, step, year, offset="0"):
    return (Decimal(start) + Decimal(step) * (year - 2012) + Decimal(offset)).quantize(Decimal("0.01"))


def _follow_up(places, today):
    """Indicators for the goals of 2013 and 2035 with values from 2012 to two years ago (Kolada's lag), Nykvarn's
    newest value still missing; the texts of the key-figure presentations of 2017 and last year; and the 2035
    programme's follow-ups of its last four years (up to last year), the newest saying what its sub-goals'
    progress says today."""
    last_year = today.year - 2
    indicators = {indicator.slug: indicator for indicator in Indicator.objects.all()}
    for slug, name, unit, description, start, step, county, country in FOLLOW_UP_INDICATORS:
        indicator, _created = Indicator.objects.update_or_create(slug=slug, defaults={
            "name": name, "unit": unit, "description": description, "is_sample": False})
        indicators[slug] = indicator
        for year in range(2012, last_year + 1):
            for place, offset in SPREAD.items():
                if place == "nykvarn" and year == last_year:
                    continue
                KeyFigure.objects.update_or_create(indicator=indicator, municipality=places[place], year=year,
                                                   defaults={"value": _value(start, step, year, offset)})
            for area, difference in (("county", county), ("country", country)):
                ComparisonValue.objects.update_or_create(indicator=indicator, area=area, year=year, defaults={
                    "value": _value(start, step, year, difference)})
    education = indicators.get("eftergymnasial-utbildning-25-64")
    for area, values in POST_SECONDARY_AREAS.items():
        for year, value in zip((2015, 2016), values):
            ComparisonValue.objects.update_or_create(indicator=education, area=area, year=year,
                                                     defaults={"value": Decimal(value)})
    for order, (programme, title, slug, direction, aggregation, baseline_year, target, target_year) in enumerate(
        INDICATOR_LINKS
    ):
        goal = Goal.objects.filter(focus_area__programme__slug=programme, title=title).first()
        if goal is None or slug not in indicators:
            continue
        indicator = indicators[slug]
        series = indicator_series([indicator], aggregations={indicator.pk: aggregation})[indicator.pk]
        baseline = series.sodertorn.get(baseline_year)
        IndicatorLink.objects.get_or_create(goal=goal, indicator=indicator, defaults={
            "direction": direction, "aggregation": aggregation, "order": order,
            "baseline_year": baseline_year if baseline is not None else None, "baseline_value": baseline,
            "target_value": Decimal(target) if target else None, "target_year": target_year,
        })
    for year in (2017, today.year - 1):
        for slug, text in PRESENTATION_TEXTS.items():
            if slug in indicators:
                PresentationText.objects.get_or_create(indicator=indicators[slug], year=year, defaults={"text": text})
    programme = Programme.objects.filter(slug="utvecklingsprogram-2035").first()
    if programme is None:
        return
    last = min(today.year - 1, programme.valid_to or today.year)
    years = range(max(programme.valid_from, last - 3), last + 1)
    sub_goals = SubGoal.objects.filter(goal__focus_area__programme=programme)
    for step, year in enumerate(years, start=1):
        for sub_goal in sub_goals:
            percentage = round(sub_goal.progress * step / len(years))
            if step == len(years):
                status = sub_goal.status
            else:
                status = SubGoal.Status.ONGOING if percentage else SubGoal.Status.NOT_STARTED
            ProgressReport.objects.get_or_create(sub_goal=sub_goal, year=year, defaults={
                "status": status, "percentage": percentage, "comment": FOLLOW_UP_COMMENTS[status],
                "reported_at": timezone.make_aware(datetime.datetime(year + 1, 3, 1, 10)),
            })
        FollowUp.objects.get_or_create(programme=programme, year=year, defaults={
            "done_at": timezone.make_aware(datetime.datetime(year + 1, 3, 15, 10))})


def _person(name, title, municipality, phone=""):
    return Person.objects.create(name=name, title=title, municipality=municipality, email=email_for(name), phone=phone)


def _people(places, bodies, today):
    start = datetime.date(today.year, 1, 1)
    committee, management = bodies.get("samarbetskommitten"), bodies.get("ledningsgruppen")
    if committee is not None:
        for number, (slug, (member, substitute)) in enumerate(COMMITTEE.items()):
            kind = [Role.Kind.CHAIR, Role.Kind.VICE_CHAIR][number] if number < 2 else Role.Kind.MEMBER
            title = "Kommunstyrelsens ordförande"
            Role.objects.create(person=_person(member, title, places[slug]), body=committee, kind=kind,
                                municipality=places[slug], start=start)
            Role.objects.create(person=_person(substitute, "Kommunalråd", places[slug]), body=committee,
                                kind=Role.Kind.SUBSTITUTE, municipality=places[slug], start=start)
    name, title, phone = SECRETARY
    secretary = _person(name, title, places.get("huddinge"), phone=phone)
    for body in (committee, management):
        if body is not None:
            Role.objects.create(person=secretary, body=body, kind=Role.Kind.SECRETARY, start=start)
    if management is not None:
        for slug, director in DIRECTORS.items():
            Role.objects.create(person=_person(director, "Kommundirektör", places[slug]), body=management,
                                kind=Role.Kind.MEMBER, municipality=places[slug], start=start)


def _agenda_2017(bodies):
    meeting = Meeting.objects.filter(body=bodies.get("samarbetskommitten"), date=datetime.date(2017, 2, 2)).first()
    if meeting is None or meeting.items.exists():
        return
    for number, (title, description, presenter, asked, proposed) in enumerate(AGENDA_2017, start=1):
        AgendaItem.objects.create(meeting=meeting, number=number, title=title, description=description,
                                  presenter=presenter, asked=asked, proposed_decision=proposed)
    meeting.agenda_published_at = timezone.make_aware(datetime.datetime(2017, 1, 26, 9))
    meeting.save()


def _meetings(places, bodies, today):
    """Two years of meetings after the 2017 plan's pattern: this year's and next year's, the next year's autumn
    still known only to the month. Past ones are held (one cancelled), and the committee's have agendas; the
    next committee meeting has its agenda ready for the kallelse."""
    order = [places[slug] for slug in sorted(places)]
    committee, management = bodies.get("samarbetskommitten"), bodies.get("ledningsgruppen")
    conference, council = bodies.get("sodertornskonferensen"), bodies.get("sodertorns-radslag")
    key_figure_day = bodies.get("nyckeltal-sodertorn")
    rotation = Rotation.objects.filter(slug="radslaget").prefetch_related("years__municipality").first()
    topics = iter(TOPICS * 4)
    next_committee = None
    for year in (today.year, today.year + 1):
        following = year > today.year

        def add(body, start, weekday, hosts=(), kind=Meeting.Kind.ORDINARY, days=1, month_only=False, status=None):
            if body is None:
                return None
            if month_only:
                meeting = Meeting(body=body, kind=kind, date=start.replace(day=1),
                                  date_precision=Meeting.Precision.MONTH)
            else:
                day = weekday_on_or_after(start, weekday)
                end = day + datetime.timedelta(days=days - 1) if days > 1 else None
                meeting = Meeting(body=body, kind=kind, date=day, end_date=end)
            over = meeting.is_over(today)
            meeting.status = status or (Meeting.Status.HELD if over else Meeting.Status.PLANNED)
            meeting.save()
            meeting.hosts.set([host for host in hosts if host is not None])
            return meeting

        offset = year % len(order)
        months = [(2, 2), (3, 23), (6, 1), (9, 14), (10, 26), (12, 7)]
        for number, (month, day) in enumerate(months):
            host = order[(offset + number) % len(order)]
            meeting = add(committee, datetime.date(year, month, day), THURSDAY, [host],
                          month_only=following and month >= 9)
            if meeting is None:
                continue
            if meeting.status == Meeting.Status.HELD:
                _agenda(meeting, next(topics), next(topics), published=True)
            elif next_committee is None and not meeting.is_month_only:
                next_committee = meeting
                meeting.status = Meeting.Status.CONFIRMED
                meeting.save()
                budget_year = year + 1 if month >= 10 else None
                _agenda(meeting, next(topics), next(topics), published=False, budget_year=budget_year)
        add(committee, datetime.date(year, 8, 16), WEDNESDAY, [places.get("nynashamn")],
            kind=Meeting.Kind.PLANNING_CONFERENCE, days=2, month_only=following)
        for number, (month, day) in enumerate([(1, 20), (2, 24), (5, 12), (9, 1), (10, 6), (11, 17)]):
            cancelled = not following and month == 5
            add(management, datetime.date(year, month, day), FRIDAY, month_only=following and month >= 9,
                status=Meeting.Status.CANCELLED if cancelled else None)
        add(management, datetime.date(year, 4, 6), THURSDAY, kind=Meeting.Kind.PLANNING_CONFERENCE, days=2)
        pair = [order[(offset + 6) % len(order)], order[(offset + 3) % len(order)]]
        add(conference, datetime.date(year, 9, 7), THURSDAY, pair, kind=Meeting.Kind.CONFERENCE,
            month_only=following)
        host = rotation.host_for(year, list(rotation.years.all())) if rotation else None
        add(council, datetime.date(year, 3, 30), THURSDAY, [host], kind=Meeting.Kind.COUNCIL)
        if year % 2 == 1:
            add(key_figure_day, datetime.date(year, 10, 5), THURSDAY, kind=Meeting.Kind.KEY_FIGURE_DAY,
                month_only=following)


def _agenda(meeting, *topics, published, budget_year=None):
    items = [("Mötets öppnande och val av justerare", "", "Ordföranden", AgendaItem.Asked.DECISION,
              "Samarbetskommittén väljer en justerare att jämte ordföranden justera minnesanteckningarna.")]
    items += [(title, description, presenter, asked, proposed)
              for title, presenter, asked, description, proposed in topics]
    if budget_year:
        items.append((f"Verksamhetsplan och budget för {budget_year}", "Sekretariatet presenterar förslaget.",
                      "Sekretariatet", AgendaItem.Asked.DECISION,
                      f"Samarbetskommittén fastställer verksamhetsplan och budget för {budget_year}."))
    items.append(("Övriga frågor", "", "", AgendaItem.Asked.INFORMATION, ""))
    for number, (title, description, presenter, asked, proposed) in enumerate(items, start=1):
        AgendaItem.objects.create(meeting=meeting, number=number, title=title, description=description,
                                  presenter=presenter, asked=asked, proposed_decision=proposed)
    if published:
        opened = datetime.datetime.combine(meeting.date - datetime.timedelta(days=7), datetime.time(9))
        meeting.agenda_published_at = timezone.make_aware(opened)
        meeting.save()
