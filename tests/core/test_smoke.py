import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_login_page_renders_in_polish(client):
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    assert 'lang="pl"' in response.content.decode()
