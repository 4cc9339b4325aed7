"""Logging in and out, password change and throttling, in Swedish (issue 2)."""

from django.urls import reverse


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_log_in_and_out(demo, client):
    response = _login(client, "resident-g1", "st-demo-2026")
    assert response.status_code == 302 and response.url == "/"
    assert "Min ST" in client.get("/").content.decode()
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get("/").status_code == 302


def test_a_wrong_password_gets_a_swedish_message(demo, client):
    response = _login(client, "resident-g1", "wrong")
    text = response.content.decode()
    assert response.status_code == 200
    assert "korrekt användarnamn och lösenord" in text
    assert 'lang="sv"' in text


def test_repeated_failures_lock_the_login(demo, client):
    for _ in range(5):
        _login(client, "resident-g1", "wrong")
    response = _login(client, "resident-g1", "st-demo-2026")
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    # Another username is not locked.
    assert _login(client, "resident-g2", "st-demo-2026").status_code == 302


def test_change_password(demo, client):
    _login(client, "supervisor-v1", "st-demo-2026")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "st-demo-2026",
            "new_password1": "Ny-lösen-2026!",
            "new_password2": "annat",
        },
    )
    assert "De två lösenordsfälten" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "st-demo-2026",
            "new_password1": "Ny-lösen-2026!",
            "new_password2": "Ny-lösen-2026!",
        },
    )
    assert response.status_code == 302
    assert demo.person("supervisor-v1").check_password("Ny-lösen-2026!")
