"""Issue 12 item 2 (and issue 18 item 2): changing a password and getting a new one by e-mail are
the product's own pages, in Swedish, with the project's password validators, and a reset never
gets around the login throttle (stportal.login_throttle)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from stportal.people.models import Person

NEW_PASSWORD = "Kaffekopp-blå-2027"


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _ask_for_a_link(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def _link_path(message) -> str:
    found = re.search(r"https?://[^/\s]+(/password/reset/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def _reset_by_link(client, path, password=NEW_PASSWORD):
    """Opens the e-mailed link (Django moves the token into the session and redirects) and sets
    the new password there."""
    opened = client.get(path, follow=True)
    form_path = opened.redirect_chain[-1][0] if opened.redirect_chain else path
    return client.post(form_path, {"new_password1": password, "new_password2": password})


@pytest.mark.parametrize("region_user", ["supervisor-g1", "supervisor-v1"])
def test_the_change_page_is_the_products_own_in_swedish(demo, region_user):
    """Issue 12 item 2: "Byt lösenord" opened the admin's page, whose "Start" led to an admin
    login refusal. Now the site's layout (its header and menu), no admin breadcrumbs."""
    client = demo.client_for(region_user)
    home = client.get("/").content.decode()
    assert f'href="{reverse("password_change")}"' in home
    page = client.get(reverse("password_change"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "<title>Byt lösenord – ST-portalen</title>" in text
    assert 'class="site-header"' in text
    assert "breadcrumbs" not in text and "/admin/" not in text
    assert "Gammalt lösenord" in text and "Bekräfta nytt lösenord" in text
    done = client.get(reverse("password_change_done")).content.decode()
    assert "Lösenordet är bytt" in done and "/admin/" not in done and 'class="site-header"' in done


def test_the_change_page_applies_the_projects_validators(demo):
    """AUTH_PASSWORD_VALIDATORS: a short, common or all-numeric password is refused in Swedish,
    shown by its field."""
    client = demo.client_for("resident-v1")
    data = {"old_password": "st-demo-2026", "new_password1": "12345678"}
    page = client.post(reverse("password_change"), {**data, "new_password2": "12345678"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "för vanligt" in text or "helt numeriskt" in text
    assert 'id="id_new_password2_error"' in text
    assert demo.person("resident-v1").check_password("st-demo-2026")
    ok = {"old_password": "st-demo-2026", "new_password1": NEW_PASSWORD}
    done = client.post(reverse("password_change"), {**ok, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("password_change_done")
    assert demo.person("resident-v1").check_password(NEW_PASSWORD)


def test_login_page_links_to_the_reset_and_the_reset_is_swedish(demo, client):
    login = client.get(reverse("login")).content.decode()
    assert f'<a href="{reverse("password_reset")}">Glömt lösenordet?</a>' in login
    page = client.get(reverse("password_reset")).content.decode()
    assert "Glömt lösenord" in page and "E-postadress" in page and "/admin/" not in page


@pytest.mark.parametrize("username", ["resident-g1", "resident-v2"])
def test_a_reset_by_the_e_mailed_link(demo, client, username):
    """Issue 18 item 2: a Swedish e-mail with a link that sets a new password once, which then
    logs in; the link does not log in by itself."""
    person = demo.person(username)
    response = _ask_for_a_link(client, person.email.upper())  # any case of the address
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert message.subject == "Nytt lösenord till ST-portalen"
    assert "Hej " in message.body and f"Ditt användarnamn: {username}" in message.body
    assert "Länken fungerar en gång" in message.body
    path = _link_path(message)
    done = _reset_by_link(client, path)
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    assert "_auth_user_id" not in client.session  # not logged in by the link
    assert Person.objects.get(pk=person.pk).check_password(NEW_PASSWORD)
    used = client.get(path, follow=True).content.decode()
    assert "Länken fungerar inte" in used
    assert _login(client, username, NEW_PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(demo, client):
    known = _ask_for_a_link(client, demo.person("resident-g1").email)
    known_page = client.get(known.url).content.decode()
    mail.outbox.clear()
    unknown = _ask_for_a_link(client, "ingen.alls@example.invalid")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert client.get(unknown.url).content.decode() == known_page
    assert mail.outbox == []


def test_no_link_for_an_account_without_a_local_password(demo, client):
    """Local accounts only: one without a usable password (single sign-on) or inactive gets no
    link, and the same answer."""
    person = demo.person("resident-g1")
    person.set_unusable_password()
    person.save()
    other = demo.person("resident-g2")
    other.is_active = False
    other.save()
    for address in (person.email, other.email):
        response = _ask_for_a_link(client, address)
        assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_new_password_must_pass_the_validators(demo, client):
    person = demo.person("resident-g1")
    _ask_for_a_link(client, person.email)
    page = _reset_by_link(client, _link_path(mail.outbox[0]), "12345678")
    assert page.status_code == 200
    assert 'aria-invalid="true"' in page.content.decode()
    assert Person.objects.get(pk=person.pk).check_password("st-demo-2026")


def test_a_reset_does_not_lift_the_login_throttle(demo, client):
    """The lock on a username at an address (five failures) holds after a reset: the new
    password is tried on the login page like any other, so a reset is no way around the
    throttle, and the link itself never logs in."""
    username = "supervisor-g2"
    for _ in range(5):
        _login(client, username, "fel")
    assert _login(client, username, "st-demo-2026").status_code == 429
    _ask_for_a_link(client, demo.person(username).email)
    done = _reset_by_link(client, _link_path(mail.outbox[0]))
    assert done.status_code == 302
    assert "_auth_user_id" not in client.session
    assert _login(client, username, NEW_PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_tampered_link_sets_nothing(demo, client):
    person = demo.person("resident-v1")
    _ask_for_a_link(client, person.email)
    path = _link_path(mail.outbox[0])
    uid = path.split("/")[3]
    tampered = f"/password/reset/{uid}/ab12cd-0123456789abcdef0123456789abcdef/"
    page = client.post(
        tampered, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Länken fungerar inte" in page.content.decode()
    assert Person.objects.get(pk=person.pk).check_password("st-demo-2026")


def test_guessing_the_old_password_on_the_change_page_is_throttled(demo):
    """The change page checks the old password as a login: five wrong guesses lock the username
    at that address, here and on the login page, so an open session on a shared computer is no
    way around the throttle; the right old password then changes nothing."""
    client = demo.client_for("supervisor-v2")
    wrong = {"old_password": "fel", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(4):
        page = client.post(reverse("password_change"), wrong)
        assert "Ditt gamla lösenord var felaktigt" in page.content.decode()
    assert client.post(reverse("password_change"), wrong).status_code == 429  # the fifth
    right = {**wrong, "old_password": "st-demo-2026"}
    locked = client.post(reverse("password_change"), right)
    assert locked.status_code == 429
    assert demo.person("supervisor-v2").check_password("st-demo-2026")
    assert _login(Client(), "supervisor-v2", "st-demo-2026").status_code == 429
