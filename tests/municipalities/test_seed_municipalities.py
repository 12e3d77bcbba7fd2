from apps.municipalities.models import Municipality


def test_the_eight_municipalities_have_their_official_codes(seed):
    assert dict(Municipality.objects.values_list("name", "code")) == {
        "Botkyrka": "0127", "Haninge": "0136", "Huddinge": "0126", "Nykvarn": "0140",
        "Nynäshamn": "0192", "Salem": "0128", "Södertälje": "0181", "Tyresö": "0138",
    }
