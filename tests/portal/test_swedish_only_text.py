"""Text the secretariat writes in Swedish only (a budget line, a key figure, a rotation: no English fields) is
marked lang="sv" on the English pages, so that a screen reader reads it as Swedish; the Swedish pages carry no
mark (the page is Swedish already)."""

from apps.keyfigures.models import Indicator
from apps.plans.models import YearlyPlan


def main(response):
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_english_pages_mark_the_swedish_only_text_as_swedish(client, seed):
    Indicator.objects.create(name="Invånare", slug="invanare", unit="personer",
                             description="Södertörn växer med omkring 10 000 invånare om året.")

    budget = main(client.get("/en/budget/2017/"))
    assert '<th scope="row"><span lang="sv">Personal</span></th>' in budget
    assert '<th scope="row"><span lang="sv">Avgifter från kommunerna</span></th>' in budget
    rotation = main(client.get("/en/vardskap/radslaget/"))
    assert '<h1><span lang="sv">Värdkommun för rådslaget</span></h1>' in rotation
    key_figure = main(client.get("/en/nyckeltal/invanare/"))
    assert '<h1><span lang="sv">Invånare</span></h1>' in key_figure
    assert '<p><span lang="sv">Södertörn växer med omkring 10 000 invånare om året.</span></p>' in key_figure
    municipality = main(client.get("/en/kommuner/huddinge/"))
    assert '<span lang="sv">Värdkommun för rådslaget</span></a>' in municipality
    plan = YearlyPlan.objects.get(year=2017)
    yearly_plan = main(client.get("/en/verksamhetsplan/2017/"))
    assert f'<h1><span lang="sv">{plan.title}</span></h1>' in yearly_plan
    assert f'<div lang="sv"><p>{plan.purpose.splitlines()[0]}' in yearly_plan
    assert f'<li><span lang="sv">{plan.priorities.first().text}</span>' in yearly_plan


def test_the_swedish_pages_carry_no_mark(client, seed):
    Indicator.objects.create(name="Invånare", slug="invanare")
    for path in ("/budget/2017/", "/vardskap/radslaget/", "/nyckeltal/invanare/", "/kommuner/huddinge/",
                 "/verksamhetsplan/2017/"):
        assert 'lang="sv"' not in main(client.get(path)), path
