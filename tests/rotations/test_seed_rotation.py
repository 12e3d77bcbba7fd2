from apps.municipalities.models import Municipality
from apps.rotations.models import Rotation


def test_radslag_rotation_2017_to_2024_visits_all_eight_once_and_2025_is_nykvarn(seed):
    rotation = Rotation.objects.get(slug="radslaget")
    years = list(rotation.years.select_related("municipality"))
    hosts = [row.municipality.name for row in years if 2017 <= row.year <= 2024]
    assert sorted(hosts) == sorted(Municipality.objects.values_list("name", flat=True))
    assert len(hosts) == 8
    assert rotation.host_for(2017, years).name == "Nykvarn"
    assert rotation.host_for(2025, years).name == "Nykvarn"
