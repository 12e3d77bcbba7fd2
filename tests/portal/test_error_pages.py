def test_an_unknown_address_gets_a_helpful_page_in_the_portals_design(client, db):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Sidan finns inte" in page
    assert 'href="/moten/"' in page


def test_an_unknown_address_in_english_gets_the_english_page(client, db):
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
