"""Issue 10, kept fixed: every URL pattern of the project, as every demo account and an anonymous
visitor, with objects of a resident the account may see and of one it may not.

TABLE names, for every pattern of stportal/urls.py and all it includes (the admin and the API
too), how its ids are filled and which guard decides who gets it. A pattern without an entry, or
an entry without a pattern, fails `test_every_url_pattern_has_a_matrix_entry`: a new page is
added to the matrix with the action that guards it.

For each entry the matrix requests the page (GET, and POST with an empty body where the view
takes a POST) as each account with each of its targets (url_matrix_world.TARGETS: a training it
relates to, one it does not, and, where the URL also names a row inside the training, its own
training with another training's row) and checks:

- anonymous: sent to log in (401 from the API), never data;
- within reach: a 2xx/3xx where stportal.access.ALLOWED grants one of the account's relations,
  else 403 (architecture: "within reach, an action they may not take is refused");
- out of reach: 404 ("a training outside all of a person's relations does not exist for them");
- for everyone: never a 500, never the name or username of a resident out of the account's reach
  in the body, never a write to the database from a GET or a refused POST.

Those turned away before their account matters (by Django's admin for not being staff, with 405
for a GET of a view that takes only POST, with 400 or 410 for a broken link) are tried as a
sample of accounts (SAMPLE), to keep the file fast. Each request runs in a savepoint that is
rolled back and with the client's cookies put back, so one case never changes the next. PDFs are
not rendered: their HTML is checked instead. A case that fails today is listed in KNOWN_DEFECTS
with what goes wrong, and is run strictly expected to fail until it is fixed.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from http.cookies import SimpleCookie
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stportal.access import (
    ADMIN_MANAGED,
    ALLOWED,
    ANNUAL_REVIEW_AUTHORS,
    ASSESSMENT_COMPLETERS,
    CERTIFIERS,
    DISTANCE_APPROVERS,
    ROUTINE_ASKS,
    Action,
    Relation,
)
from stportal.curricula.models import Curriculum, Goal
from stportal.links import Purpose
from stportal.plans.models import DocumentKind
from stportal.rules.supervision import distance_approvers
from stportal.training.models import Training
from stportal.training.routine import profile_of
from tests.url_matrix_world import (
    ACCOUNTS,
    NOT_DOCTOR_HEADED,
    READY_KEYS,
    REGION_ADMINS,
    RESEARCHED,
    RESEARCHER,
    RESIDENT_NAMES,
    TARGETS,
    TRAINING_KEYS,
    World,
    hidden_names,
    relations_of,
)

# --- What a request may answer ---------------------------------------------------------------


class Want(StrEnum):
    OK = "2xx/3xx"
    IGNORED = "2xx/3xx writing nothing"
    REFUSED = "403"
    HIDDEN = "404"
    LOGIN = "redirect to /login/"
    ADMIN_LOGIN = "redirect to /admin/login/"
    UNAUTHORIZED = "401"
    METHOD = "405"
    GONE = "403, 404 or redirect to the admin index"  # an admin object out of scope
    BAD_LINK = "400"
    USED_LINK = "410"
    INVALID = "400 or 422"


STATUS = {
    Want.REFUSED: 403,
    Want.HIDDEN: 404,
    Want.UNAUTHORIZED: 401,
    Want.METHOD: 405,
    Want.BAD_LINK: 400,
    Want.USED_LINK: 410,
}


def answers(want: Want, response) -> bool:
    status, location = response.status_code, response.get("Location", "")
    if want in (Want.OK, Want.IGNORED):
        return 200 <= status < 400 and "login/?next=" not in location
    if want == Want.LOGIN:
        return status == 302 and location.startswith("/login/?next=")
    if want == Want.ADMIN_LOGIN:
        return status == 302 and location.startswith("/admin/login/?next=")
    if want == Want.INVALID:
        return status in (400, 422)
    if want == Want.GONE:
        return status in (403, 404) or (status == 302 and location == "/admin/")
    return status == STATUS[want]


# --- Who may: guards, from the relations of the demo world and stportal.access.ALLOWED -------


@dataclass(frozen=True)
class Case:
    account: str | None
    target: str | None  # the training whose ids fill the URL (url_matrix_world names)
    sub: str | None  # the training whose rows fill the ids inside it (usually the target)

    @property
    def relations(self) -> frozenset[Relation]:
        return relations_of(self.account, self.target)

    @property
    def mixed(self) -> bool:
        return self.sub != self.target


Guard = Callable[[Case, World], Want]


def may(*actions: Action, mixed: Want = Want.HIDDEN) -> Guard:
    """stportal.access.training_for: out of reach 404, within reach 403 unless ALLOWED grants
    every action; with another training's row, `mixed` (404: not found in this training)."""

    def guard(case: Case, _world: World) -> Want:
        if not case.relations:
            return Want.HIDDEN
        if not all(case.relations & ALLOWED[action] for action in actions):
            return Want.REFUSED
        return mixed if case.mixed else Want.OK

    return guard


def may_remove_own(action: Action, mixed: Want = Want.IGNORED) -> Guard:
    """access.removable_records (issue 11): a row is removed by whoever may record it (`action`)
    if they recorded it, and by the resident. The world's rows are the resident's, so of those
    who may record only the resident removes them; the others are refused (403)."""

    def guard(case: Case, _world: World) -> Want:
        if not case.relations:
            return Want.HIDDEN
        if not case.relations & ALLOWED[action]:
            return Want.REFUSED
        if case.mixed:
            return mixed
        return Want.OK if Relation.RESIDENT in case.relations else Want.REFUSED

    return guard


def may_edit_else_page(edit: Action) -> Guard:
    """A page that shows its form only to those who may edit: a POST from one who only sees it
    shows the page again and writes nothing."""
    see = may(Action.VIEW)

    def guard(case: Case, world: World) -> Want:
        seen = see(case, world)
        if seen != Want.OK:
            return seen
        return Want.OK if case.relations & ALLOWED[edit] else Want.IGNORED

    return guard


def then_not_found(first: Guard) -> Guard:
    """An empty form names nothing (a signature of no version): 404 once the guard passes."""

    def guard(case: Case, world: World) -> Want:
        want = first(case, world)
        return Want.HIDDEN if want == Want.OK else want

    return guard


def author_of(part: str) -> Guard:
    """The annual review's parts are written and signed by their authors (R9.3)."""
    see = may(Action.VIEW)

    def guard(case: Case, world: World) -> Want:
        seen = see(case, world)
        if seen != Want.OK:
            return seen
        return Want.OK if ANNUAL_REVIEW_AUTHORS[part] in case.relations else Want.REFUSED

    return guard


def distance_approver(role: str) -> Guard:
    """Supervision at a distance is approved by the roles the region names (R8.5); G: the
    medical adviser in the place of a unit head who is not a doctor (url_matrix_world's
    NOT_DOCTOR_HEADED), whose page it is too (VIEW_SUPERVISION)."""
    see = may(Action.VIEW_SUPERVISION)

    def guard(case: Case, world: World) -> Want:
        seen = see(case, world)
        if seen != Want.OK:
            return seen
        named = role in distance_approvers(
            profile_of(world.training[case.target]).distance_supervision,
            unit_head_is_doctor=case.target not in NOT_DOCTOR_HEADED,
        )
        return Want.OK if named and DISTANCE_APPROVERS[role] in case.relations else Want.REFUSED

    return guard


def routine_may(action: Action) -> Guard:
    """Issue 11: an action only where the region's routine asks it (access.ROUTINE_ASKS): out
    of reach 404, else 403 unless ALLOWED grants it and the routine asks it; with another
    training's row, 404."""

    def guard(case: Case, world: World) -> Want:
        if not case.relations:
            return Want.HIDDEN
        asked = ROUTINE_ASKS[action](profile_of(world.training[case.target]))
        if not case.relations & ALLOWED[action] or not asked:
            return Want.REFUSED
        return Want.HIDDEN if case.mixed else Want.OK

    return guard


def assessment_completer(case: Case, world: World) -> Want:
    """The assessor asked (here the main supervisor) or a supervisor completes an assessment,
    never the resident (R9.1)."""
    training = world.training[case.target]
    if case.account == training.resident.username:
        return Want.REFUSED
    if not case.relations:
        return Want.HIDDEN
    return Want.OK if case.relations & ASSESSMENT_COMPLETERS else Want.REFUSED


def certifier(role: str) -> Guard:
    """Issue 13: a certificate of the application is confirmed by the relation that signs it
    (access.CERTIFIERS); the others who see the training are refused."""
    see = may(Action.VIEW)

    def guard(case: Case, world: World) -> Want:
        seen = see(case, world)
        if seen != Want.OK:
            return seen
        return Want.OK if CERTIFIERS[role] in case.relations else Want.REFUSED

    return guard


def scholarly(kind: str, *actions: Action) -> Guard:
    """A research supervisor reaches only the work they supervise (here: the written work)."""
    inner = may(*actions)

    def guard(case: Case, world: World) -> Want:
        supervises = (case.account, case.target) == (RESEARCHER, RESEARCHED)
        if supervises and kind != "written_work":
            return Want.HIDDEN
        return inner(case, world)

    return guard


def always(want: Want) -> Guard:
    return lambda _case, _world: want


def own_training_only(case: Case, _world: World) -> Want:
    return Want.OK if str(case.account).startswith("resident-") else Want.HIDDEN


def link_holder(state: str) -> Guard:
    """A link works for the person without an account it was sent to; a tampered or replaced
    link gets a clear page; someone logged in who is not its addressee does not see it."""

    def guard(case: Case, _world: World) -> Want:
        if state == "tampered":
            return Want.BAD_LINK
        if state == "replaced":
            return Want.USED_LINK
        return Want.OK if case.account is None else Want.REFUSED

    return guard


# --- The table: every URL pattern, how to fill it, who may -------------------------------------

Url = Callable[[World, Training, Training], str]


@dataclass(frozen=True)
class Page:
    url: Url
    get: Guard | None  # None: the view takes only POST (405 to a GET)
    post: Guard | None = None  # None: the view does not take a POST, so none is sent
    per_target: bool = True  # False: the URL names no training
    sub: bool = False  # the URL names a row inside the training: also tried with another's
    anonymous: Want | None = Want.LOGIN  # None: the guards decide for anonymous visitors too
    bearer: bool = False  # a link: its anonymous holder may see its resident's name
    admin: bool = False
    label: str = ""
    targets: int | None = None  # how many of each account's targets to try (None: all)
    # Who is tried besides the anonymous visitor (None: every account); a variant of a page that
    # differs only for some account is tried as that account.
    accounts: tuple[str, ...] | None = None
    # Those the admin turns away for not being staff are tried as a sample of accounts, except
    # on the pages where they are not turned away alike.
    sample_non_staff: bool = True


# Those turned away before their account matters (by Django's admin for not being staff, with 405
# for a GET of a view that takes only POST, with 400 or 410 for a broken link) are tried as a
# sample of accounts.
SAMPLE = ("resident-g1", "director-v")


def fixed(path: str) -> Url:
    return lambda _world, _t, _s: path


def named(name: str, *args: Callable[[World, Training, Training], object]) -> Url:
    """The URL of `name` for the training and the further ids the callables give."""
    return lambda w, t, s: reverse(name, args=[t.pk, *(arg(w, t, s) for arg in args)])


def with_plan(kind: str, url: Url) -> Url:
    """The URL, once the training has a version of the document (a draft where none was)."""

    def made(world: World, t: Training, s: Training) -> str:
        world.plan(t, kind)
        return url(world, t, s)

    return made


VIEW = may(Action.VIEW)
LOGGED_IN = always(Want.OK)
ROW_ACTIONS = {
    "absences": Action.EDIT_ABSENCES,
    "employment": Action.EDIT_EMPLOYMENT,
    "placements": Action.EDIT_TIME_PLAN,
}
ROW = {
    "absences": World.absence,
    "employment": World.employment_step,
    "placements": World.placement,
}


def _rows(name: str, get: bool, delete: bool = False) -> tuple[Page, ...]:
    """The rows of the time page and the time plan, each kind with the action that guards it.
    Removing another training's row through one's own finds nothing: the same answer as a row
    removed twice (no error page), and nothing written."""
    pages = []
    for kind, action in ROW_ACTIONS.items():
        ids: list[Callable[[World, Training, Training], object]] = [lambda *_, k=kind: k]
        if name != "training:row_new":
            ids.append(lambda w, _t, s, row=ROW[kind]: row(w, s).pk)
        guard = may(action, mixed=Want.IGNORED if delete else Want.HIDDEN)
        page = Page(named(name, *ids), guard if get else None, guard, sub=len(ids) > 1, label=kind)
        pages.append(page)
    return tuple(pages)


def _links(name: str, item: Callable[[World, Training], object], purpose: Purpose):
    return tuple(
        Page(
            lambda w, t, _s, st=state: reverse(name, args=[w.token(item(w, t), purpose, st)]),
            get=link_holder(state),
            post=link_holder(state),
            anonymous=None,
            bearer=True,
            label=state,
            # A broken link is refused before anything about the person or the training is read;
            # whom a good one shows what depends on the person.
            targets=1,
            accounts=None if state == "genuine" else SAMPLE,
        )
        for state in ("tampered", "replaced", "genuine")
    )


PLAN = DocumentKind.TRAINING_PLAN

APP_TABLE: dict[str, tuple[Page, ...]] = {
    # --- stportal/web
    "home": (Page(fixed("/"), get=LOGGED_IN, per_target=False),),
    "login": (Page(fixed("/login/"), LOGGED_IN, LOGGED_IN, per_target=False, anonymous=None),),
    "logout": (Page(fixed("/logout/"), None, LOGGED_IN, per_target=False, anonymous=None),),
    # Renews the session (GET or HEAD only, so its require_safe answers 405 before the log-in).
    "keep_alive": (
        Page(
            fixed("/session/keep-alive/"),
            lambda case, _w: Want.LOGIN if case.account is None else Want.OK,
            always(Want.METHOD),
            per_target=False,
            anonymous=None,
        ),
    ),
    "password_change": (Page(fixed("/password/"), LOGGED_IN, LOGGED_IN, per_target=False),),
    "password_change_done": (Page(fixed("/password/done/"), LOGGED_IN, per_target=False),),
    # A new password by e-mail (issue 12 item 2): for anyone; an empty post is a form shown
    # again, a link that is no link a page saying so.
    "password_reset": (
        Page(fixed("/password/reset/"), LOGGED_IN, LOGGED_IN, per_target=False, anonymous=None),
    ),
    "password_reset_done": (
        Page(fixed("/password/reset/sent/"), LOGGED_IN, per_target=False, anonymous=None),
    ),
    "password_reset_confirm": (
        Page(
            fixed("/password/reset/MQ/no-token/"),
            LOGGED_IN,
            LOGGED_IN,
            per_target=False,
            anonymous=None,
        ),
    ),
    "password_reset_complete": (
        Page(fixed("/password/reset/done/"), LOGGED_IN, per_target=False, anonymous=None),
    ),
    "favicon": (
        Page(fixed("/favicon.ico"), LOGGED_IN, LOGGED_IN, per_target=False, anonymous=None),
    ),
    # A region's routine values, each marked the routine's own or assumed (issue 11).
    "routine_values": (
        Page(
            fixed("/routines/vastmanland/"),
            lambda case, _w: Want.OK if re.search(r"-v\d?$", str(case.account)) else Want.HIDDEN,
            per_target=False,
        ),
    ),
    # --- stportal/training
    "training:detail": (Page(named("training:detail"), VIEW),),
    "training:history": (Page(named("training:history"), may(Action.VIEW_HISTORY)),),
    "training:my_time": (Page(fixed("/my-time/"), own_training_only, per_target=False),),
    "training:time": (Page(named("training:time"), VIEW),),
    "training:row_new": _rows("training:row_new", get=False),
    "training:row_edit": _rows("training:row_edit", get=True),
    "training:row_delete": _rows("training:row_delete", get=False, delete=True),
    "training:absence_decision": (
        Page(
            named("training:absence_decision", lambda w, _t, s: w.reviewable_absence(s).pk),
            may(Action.DECIDE_ABSENCE),
            may(Action.DECIDE_ABSENCE),
            sub=True,
        ),
    ),
    # Issue 11: the clinical work (R10.1, R10.2), seen by all who see the training, recorded and
    # removed by the resident and the supervisors (an empty post shows the page again with its
    # errors); removing another training's row through one's own finds nothing, writes nothing.
    "training:clinical_work": (Page(named("training:clinical_work"), VIEW),),
    "training:patient_list_record": (
        Page(named("training:patient_list_record"), None, may(Action.RECORD_CLINICAL_WORK)),
    ),
    "training:on_call_record": (
        Page(named("training:on_call_record"), None, may(Action.RECORD_CLINICAL_WORK)),
    ),
    "training:patient_list_remove": (
        Page(
            named("training:patient_list_remove", lambda w, _t, s: w.patient_list_count(s).pk),
            None,
            may_remove_own(Action.RECORD_CLINICAL_WORK),
            sub=True,
        ),
    ),
    "training:on_call_remove": (
        Page(
            named("training:on_call_remove", lambda w, _t, s: w.on_call_event(s).pk),
            None,
            may_remove_own(Action.RECORD_CLINICAL_WORK),
            sub=True,
        ),
    ),
    # --- stportal/plans
    "plans:plan": (Page(with_plan(PLAN, named("plans:plan")), VIEW),),
    "plans:plan_general": (
        Page(
            with_plan(PLAN, named("plans:plan_general")),
            may(Action.EDIT_PLAN),
            may(Action.EDIT_PLAN),
        ),
    ),
    "plans:plan_goal": (
        Page(
            with_plan(PLAN, named("plans:plan_goal", lambda w, t, _s: w.goal_code(t))),
            may(Action.EDIT_PLAN),
            may(Action.EDIT_PLAN),
        ),
    ),
    "plans:director_review": (
        Page(named("plans:director_review"), None, may(Action.RECORD_DIRECTOR_REVIEW)),
    ),
    "plans:agreement": (
        Page(
            with_plan(DocumentKind.AGREEMENT, named("plans:agreement")),
            VIEW,
            may_edit_else_page(Action.EDIT_AGREEMENT),
        ),
    ),
    "plans:plan_start": (
        Page(named("plans:plan_start", lambda *_: PLAN), None, may(Action.EDIT_PLAN), label=PLAN),
        Page(
            named("plans:plan_start", lambda *_: DocumentKind.AGREEMENT),
            None,
            may(Action.EDIT_AGREEMENT),
            label=DocumentKind.AGREEMENT,
        ),
    ),
    "plans:plan_sign": (
        Page(named("plans:plan_sign", lambda *_: PLAN), None, then_not_found(VIEW)),
    ),
    "plans:plan_versions": (
        Page(with_plan(PLAN, named("plans:plan_versions", lambda *_: PLAN)), VIEW),
    ),
    "plans:plan_pdf": tuple(
        Page(
            named(
                "plans:plan_pdf", lambda *_, k=kind: k, lambda w, t, _s, k=kind: w.plan(t, k).number
            ),
            VIEW,
            label=kind,
        )
        for kind in (PLAN, DocumentKind.AGREEMENT)
    ),
    "plans:time_plan": (Page(named("plans:time_plan"), VIEW),),
    "plans:home_return_day_new": (
        Page(
            named("plans:home_return_day_new", lambda w, _t, s: w.rotation(s).pk),
            None,
            may(Action.EDIT_TIME_PLAN),
            sub=True,
        ),
    ),
    "plans:home_return_day_delete": (
        Page(
            named(
                "plans:home_return_day_delete",
                lambda w, t, _s: w.rotation(t).pk,
                lambda w, _t, s: w.home_return_day(s).pk,
            ),
            None,
            may(Action.EDIT_TIME_PLAN, mixed=Want.IGNORED),
            sub=True,
        ),
    ),
    "plans:rotation_contract": (
        Page(
            named("plans:rotation_contract", lambda w, _t, s: w.contract(s).placement_id),
            VIEW,
            may_edit_else_page(Action.EDIT_TIME_PLAN),
            sub=True,
        ),
    ),
    "plans:rotation_contract_send": (
        Page(
            named("plans:rotation_contract_send", lambda w, _t, s: w.contract(s).placement_id),
            None,
            may(Action.VOUCH_FOR_CERTIFIER),
            sub=True,
        ),
    ),
    "plans:rotation_certificate_request": (
        Page(
            named(
                "plans:rotation_certificate_request", lambda w, _t, s: w.contract(s).placement_id
            ),
            None,
            may(Action.VOUCH_FOR_CERTIFIER),
            sub=True,
        ),
    ),
    "plans:rotation_pdf": (
        Page(
            named(
                "plans:rotation_pdf",
                lambda w, _t, s: w.contract(s).placement_id,
                lambda *_: "contract",
            ),
            VIEW,
            sub=True,
            label="contract",
        ),
        Page(
            named(
                "plans:rotation_pdf",
                lambda w, _t, s: w.certified_contract(s).placement_id,
                lambda *_: "certificate",
            ),
            VIEW,
            sub=True,
            label="certificate",
        ),
    ),
    "plans:rotation_link": _links("plans:rotation_link", World.contract, Purpose.NAME_SUPERVISOR),
    # --- stportal/application (issue 13): everyone of the training sees the package; only the
    # resident prints it (typing the personnummer); a certificate is confirmed by who signs it.
    "application:package": (Page(named("application:package"), VIEW),),
    "application:print": (Page(named("application:print"), None, may(Action.PRINT_APPLICATION)),),
    "application:confirm": (
        Page(
            named("application:confirm", lambda *_: "home"),
            certifier("main_supervisor"),
            certifier("main_supervisor"),
        ),
    ),
    # Issue 13 item 3: the main supervisor or the director sends a course's or an auskultation's
    # certificate to a certifier without an account, who confirms it through the link.
    "application:certificate_send": (
        Page(
            named("application:certificate_send", lambda w, t, _s: f"course:{w.course(t).pk}"),
            may(Action.VOUCH_FOR_CERTIFIER),
            may(Action.VOUCH_FOR_CERTIFIER),
        ),
    ),
    "application:certificate_link": _links(
        "application:certificate_link", World.certificate_request, Purpose.CONFIRM_CERTIFICATE
    ),
    # --- stportal/portfolio
    "portfolio:milestone_done": (
        Page(
            named("portfolio:milestone_done", lambda *_: World.milestone_code()),
            None,
            may(Action.RECORD_MILESTONE),
        ),
    ),
    "portfolio:portfolio": (Page(named("portfolio:portfolio"), VIEW),),
    # R8.5: the medical adviser of the home unit sees the supervision page, nothing else.
    "portfolio:supervision": (
        Page(
            named("portfolio:supervision"),
            may(Action.VIEW_SUPERVISION),
            may(Action.VIEW_SUPERVISION, Action.LOG_SUPERVISION),
        ),
    ),
    "portfolio:supervision_confirm": (
        Page(
            named("portfolio:supervision_confirm", lambda w, _t, s: w.supervision_session(s).pk),
            None,
            may(Action.LOG_SUPERVISION),
            sub=True,
        ),
    ),
    "portfolio:distance_approve": (
        Page(
            named("portfolio:distance_approve", lambda *_: "main_supervisor"),
            None,
            distance_approver("main_supervisor"),
        ),
        # R8.5 (G): the unit head, or the medical adviser where the unit head is not a doctor.
        *(
            Page(
                named("portfolio:distance_approve", lambda *_, r=role: r),
                None,
                distance_approver(role),
                label=role,
            )
            for role in ("unit_head", "medical_adviser")
        ),
    ),
    "portfolio:study_time": (
        Page(named("portfolio:study_time"), VIEW, may(Action.VIEW, Action.RECORD_STUDY_TIME)),
    ),
    # Issue 11: ST days, seminars and FQ groups, recorded by the resident, the main supervisor
    # and the director (G 5.1.5) and removed by their recorder or the resident (an empty post
    # shows the page again with its errors); removing another training's event through one's
    # own finds nothing and writes nothing.
    "portfolio:education_event_record": (
        Page(named("portfolio:education_event_record"), None, may(Action.RECORD_EDUCATION_EVENT)),
    ),
    "portfolio:education_event_remove": (
        Page(
            named("portfolio:education_event_remove", lambda w, _t, s: w.education_event(s).pk),
            None,
            may_remove_own(Action.RECORD_EDUCATION_EVENT),
            sub=True,
        ),
    ),
    "portfolio:assessments": (
        Page(named("portfolio:assessments"), VIEW, may(Action.VIEW, Action.REQUEST_ASSESSMENT)),
    ),
    # Issue 12 item 7: an assessment documented without a request, by those who complete one
    # besides the assessor asked (the supervisors), never the resident (R9.1).
    "portfolio:assessment_record": (
        Page(named("portfolio:assessment_record"), None, assessment_completer),
    ),
    "portfolio:assessment_approve": (
        Page(
            named("portfolio:assessment_approve", lambda w, _t, s: w.assessment_link_item(s).pk),
            None,
            may(Action.VOUCH_FOR_CERTIFIER),
            sub=True,
        ),
    ),
    "portfolio:assessment_complete": (
        Page(
            lambda w, t, _s: reverse("portfolio:assessment_complete", args=[w.assessment(t).pk]),
            assessment_completer,
            assessment_completer,
        ),
    ),
    "portfolio:courses": (
        Page(named("portfolio:courses"), VIEW, may(Action.VIEW, Action.RECORD_COURSE)),
    ),
    "portfolio:course_certificate": (
        Page(
            named("portfolio:course_certificate", lambda w, _t, s: w.course(s).pk), VIEW, sub=True
        ),
    ),
    "portfolio:scholarly": tuple(
        Page(
            named("portfolio:scholarly", lambda *_, k=kind: k),
            scholarly(kind, Action.VIEW_SCHOLARLY_WORK),
            scholarly(kind, Action.VIEW_SCHOLARLY_WORK, Action.EDIT_SCHOLARLY_WORK),
            label=kind,
            # The kinds differ only for the research supervisor of one of them.
            accounts=None if kind == "written_work" else (RESEARCHER,),
        )
        for kind in ("written_work", "quality_work")
    ),
    "portfolio:annual_review": (Page(named("portfolio:annual_review", lambda *_: 1), VIEW),),
    "portfolio:annual_review_part": (
        Page(
            named("portfolio:annual_review_part", lambda *_: 1, lambda *_: "resident_report"),
            None,
            author_of("resident_report"),
        ),
    ),
    "portfolio:annual_review_pdf": (
        Page(named("portfolio:annual_review_pdf", lambda w, t, _s: w.annual_review(t).year), VIEW),
    ),
    "portfolio:goals": (Page(named("portfolio:goals"), VIEW),),
    "portfolio:goal_judge": (
        Page(
            named("portfolio:goal_judge", lambda w, t, _s: w.goal_code(t)),
            None,
            may(Action.JUDGE_GOALS),
        ),
    ),
    # Issue 11: the unit head's part (R5.5, R9.4, R8.2) and the covering of results (R6.12).
    "portfolio:goal_agree": (
        Page(
            named("portfolio:goal_agree", lambda w, t, _s: w.goal_code(t)),
            None,
            routine_may(Action.AGREE_GOALS),
        ),
    ),
    "portfolio:assessment_feed_back": (
        Page(
            named("portfolio:assessment_feed_back", lambda w, _t, s: w.assessment(s).pk),
            None,
            routine_may(Action.FEED_BACK_ASSESSMENT),
            sub=True,
        ),
    ),
    "portfolio:unit_head_check_in": (
        Page(
            named("portfolio:unit_head_check_in"),
            None,
            routine_may(Action.RECORD_UNIT_HEAD_CHECK_IN),
        ),
    ),
    "portfolio:main_supervisor_appointment": (
        Page(
            named("portfolio:main_supervisor_appointment"),
            None,
            routine_may(Action.APPOINT_MAIN_SUPERVISOR),
        ),
    ),
    "portfolio:results_cover": (
        Page(named("portfolio:results_cover"), None, routine_may(Action.NAME_RESULTS_COVER)),
    ),
    "portfolio:assessment_link": _links(
        "portfolio:assessment_link", World.assessment_link_item, Purpose.ASSESS
    ),
    # --- stportal/api.py (session login; the API answers 401, not a redirect)
    "api-v1:api-root": (
        Page(fixed("/api/v1/"), always(Want.HIDDEN), per_target=False, anonymous=None),
    ),
    "api-v1:unknown": (
        Page(fixed("/api/v1/no-such-thing"), always(Want.HIDDEN), per_target=False, anonymous=None),
    ),
    "api-v1:openapi-json": (
        Page(fixed("/api/v1/openapi.json"), LOGGED_IN, per_target=False, anonymous=Want.OK),
    ),
    "api-v1:compute_timeline": (
        Page(
            fixed("/api/v1/timeline"),
            always(Want.METHOD),
            lambda case, _w: Want.UNAUTHORIZED if case.account is None else Want.INVALID,
            per_target=False,
            anonymous=None,
        ),
    ),
    # The follow-up's document (issue 11), answered as the timeline's.
    "api-v1:compute_followup": (
        Page(
            fixed("/api/v1/followup"),
            always(Want.METHOD),
            lambda case, _w: Want.UNAUTHORIZED if case.account is None else Want.INVALID,
            per_target=False,
            anonymous=None,
        ),
    ),
    "api-v1:list_trainings": (
        Page(fixed("/api/v1/trainings/"), LOGGED_IN, per_target=False, anonymous=Want.UNAUTHORIZED),
    ),
    "api-v1:training_timeline": (
        Page(
            lambda _w, t, _s: f"/api/v1/trainings/{t.pk}/timeline",
            VIEW,
            anonymous=Want.UNAUTHORIZED,
        ),
    ),
}

# --- The Django admin: region administrators only, within their regions ------------------------


@dataclass(frozen=True)
class AdminModel:
    """How the admin's object of a target training's region is found; `scoped`: the model
    belongs to a region (else it is shared, like the curricula, or belongs to no region)."""

    object_id: Callable[[World, Training], object]
    scoped: bool
    # The model keeps its history (simple-history): the id of an old version, whose page is
    # read-only (a POST there, to put the version back, is refused).
    history: Callable[[World, Training], object] | None = None


def _latest_version(row: Any) -> int:
    return row.history.latest().history_id


ADMIN_MODELS: dict[str, AdminModel] = {
    "people.person": AdminModel(
        lambda _w, t: t.resident_id,
        scoped=True,
        history=lambda _w, t: _latest_version(t.resident),
    ),
    "people.membership": AdminModel(
        lambda _w, t: t.resident.memberships.get().pk,
        scoped=True,
        history=lambda _w, t: _latest_version(t.resident.memberships.get()),
    ),
    "units.region": AdminModel(lambda _w, t: t.home_unit.region_id, scoped=True),
    "units.unit": AdminModel(lambda _w, t: t.home_unit_id, scoped=True),
    "training.training": AdminModel(
        lambda _w, t: t.pk, scoped=True, history=lambda _w, t: _latest_version(t)
    ),
    "curricula.curriculum": AdminModel(lambda _w, t: Curriculum.objects.first().pk, scoped=False),
    "curricula.goal": AdminModel(lambda _w, t: Goal.objects.first().pk, scoped=False),
    "auth.group": AdminModel(
        lambda _w, t: Group.objects.get_or_create(name="matrix")[0].pk, scoped=False
    ),
    "axes.accessattempt": AdminModel(lambda _w, t: 1, scoped=False),
    "axes.accesslog": AdminModel(lambda _w, t: 1, scoped=False),
    "axes.accessfailurelog": AdminModel(lambda _w, t: 1, scoped=False),
}
ADMIN_OBJECT_VIEWS = ("history", "delete", "change")


def staff(want: Want, *, others: Want = Want.ADMIN_LOGIN) -> Guard:
    """What a region administrator gets; everyone else is sent to the admin's log in."""
    return lambda case, _w: want if case.account in REGION_ADMINS else others


def in_scope(label: str, case: Case) -> bool:
    """The target training's region is the administrator's (or the model has no region)."""
    return not ADMIN_MODELS[label].scoped or str(case.target)[0] == str(case.account)[-1]


def admin_guard(label: str, view: str, method: str) -> Guard:
    """Django's admin with the permissions stportal.access.ADMIN_MANAGED grants: an object out
    of the administrator's regions is never shown (403, 404 or back to the index)."""

    def guard(case: Case, _world: World) -> Want:
        if case.account not in REGION_ADMINS:
            return Want.ADMIN_LOGIN
        granted = ADMIN_MANAGED.get(label, frozenset())
        if view == "redirect":
            return Want.OK
        if view in ("changelist", "add"):
            return (
                Want.OK
                if ("view" if view == "changelist" else "add") in granted
                else (Want.REFUSED)
            )
        if not granted or not in_scope(label, case):
            return Want.GONE
        need = {"history": "view", "version": "view", "delete": "delete", "change": "view"}[view]
        if view == "change" and method == "POST":
            need = "change"
        if view == "version" and method == "POST":  # putting an old version back
            return Want.REFUSED
        return Want.OK if need in granted else Want.REFUSED

    return guard


def _admin_model_pages(label: str) -> dict[str, tuple[Page, ...]]:
    app, model = label.split(".")
    base = f"/admin/{app}/{model}/"

    def object_url(view: str) -> Url:
        tail = "" if view == "redirect" else f"{view}/"
        return lambda w, t, _s: f"{base}{ADMIN_MODELS[label].object_id(w, t)}/{tail}"

    def page(view: str, url: Url, per_target: bool) -> Page:
        return Page(
            url,
            admin_guard(label, view, "GET"),
            admin_guard(label, view, "POST"),
            per_target=per_target,
            anonymous=Want.ADMIN_LOGIN,
            admin=True,
            targets=None if ADMIN_MODELS[label].scoped else 1,  # the same object for all
        )

    pages = {
        f"admin:{app}_{model}_changelist": (page("changelist", fixed(base), False),),
        f"admin:{app}_{model}_add": (page("add", fixed(f"{base}add/"), False),),
        f"admin/{app}/{model}/<path:object_id>/": (page("redirect", object_url("redirect"), True),),
    }
    for view in ADMIN_OBJECT_VIEWS:
        pages[f"admin:{app}_{model}_{view}"] = (page(view, object_url(view), True),)
    entry = ADMIN_MODELS[label]
    if entry.history is not None:
        version = entry.history
        pages[f"admin:{app}_{model}_simple_history"] = (
            Page(
                lambda w, t, _s: f"{object_url('history')(w, t, _s)}{version(w, t)}/",
                admin_guard(label, "version", "GET"),
                admin_guard(label, "version", "POST"),
                anonymous=Want.ADMIN_LOGIN,
                admin=True,
                targets=None if entry.scoped else 1,
            ),
        )
    return pages


def _admin_page(url: Url, get: Guard | None, post: Guard | None = None, **options) -> Page:
    defaults = {"per_target": False, "admin": True, "anonymous": Want.ADMIN_LOGIN}
    return Page(url, get, post, **{**defaults, **options})


STAFF_OK = staff(Want.OK)


def _in_scope_else(want: Want) -> Guard:
    def guard(case: Case, _world: World) -> Want:
        if case.account not in REGION_ADMINS:
            return Want.ADMIN_LOGIN
        return Want.OK if in_scope("training.training", case) else want

    return guard


ADMIN_TABLE: dict[str, tuple[Page, ...]] = {
    "admin:index": (_admin_page(fixed("/admin/"), STAFF_OK, sample_non_staff=False),),
    "admin:login": (
        _admin_page(
            fixed("/admin/login/"), LOGGED_IN, LOGGED_IN, anonymous=None, sample_non_staff=False
        ),
    ),
    # Django: the log-out page sends those who are not staff back to the index.
    "admin:logout": (
        _admin_page(
            fixed("/admin/logout/"),
            staff(Want.METHOD, others=Want.OK),
            LOGGED_IN,
            anonymous=None,
            sample_non_staff=False,
        ),
    ),
    "admin:password_change": (_admin_page(fixed("/admin/password_change/"), STAFF_OK, STAFF_OK),),
    "admin:password_change_done": (_admin_page(fixed("/admin/password_change/done/"), STAFF_OK),),
    # Whom the admin's fields that name a person offer: the administrator's people only.
    "admin:autocomplete": tuple(
        _admin_page(
            fixed(f"/admin/autocomplete/?app_label={source}&field_name={field}&term="),
            STAFF_OK,
            label=source.replace("&model_name=", ".") + "." + field,
        )
        for source, field in (
            ("training&model_name=training", "resident"),
            ("training&model_name=training", "main_supervisor"),
            ("training&model_name=training", "co_supervisors"),
            ("training&model_name=placement", "supervisor"),
            ("people&model_name=membership", "person"),
        )
    ),
    "admin:jsi18n": (_admin_page(fixed("/admin/jsi18n/"), STAFF_OK),),
    # The same path, served by stportal.regional_admin.AdminJavaScriptCatalog (issue 12 item 14).
    "admin_jsi18n": (_admin_page(fixed("/admin/jsi18n/"), STAFF_OK),),
    "admin:view_on_site": (
        _admin_page(
            lambda _w, t, _s: reverse(
                "admin:view_on_site", args=[ContentType.objects.get_for_model(Training).pk, t.pk]
            ),
            staff(Want.GONE),
            per_target=True,
        ),
    ),
    "admin:app_list": (
        _admin_page(fixed("/admin/people/"), STAFF_OK, label="people"),
        _admin_page(fixed("/admin/auth/"), staff(Want.HIDDEN), label="auth"),
    ),
    "admin/(?P<url>.*)$": (_admin_page(fixed("/admin/no-such-page/"), staff(Want.HIDDEN)),),
    "admin:auth_user_password_change": (
        _admin_page(
            lambda _w, t, _s: f"/admin/people/person/{t.resident_id}/password/",
            _in_scope_else(Want.HIDDEN),
            _in_scope_else(Want.HIDDEN),
            per_target=True,
        ),
    ),
}
for _label in ADMIN_MODELS:
    ADMIN_TABLE.update(_admin_model_pages(_label))

TABLE: dict[str, tuple[Page, ...]] = {**APP_TABLE, **ADMIN_TABLE}


# --- Running the cases ---------------------------------------------------------------------------

# Cases that leak or fail today, each reported to the owner of the page; (entry id, method,
# account, target, sub) -> what goes wrong. Run by test_known_defects, strictly expected to fail,
# so a fix shows and the entry is removed.
KNOWN_DEFECTS: dict[tuple[str, str, str | None, str | None, str | None], str] = {}

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
# Keeping the session (and django-axes' log of log-ins) is not a write of the application's data.
UNTRACKED_TABLES = ("django_session", "axes_")


class Writes:
    """The tables a request writes to, noted as its SQL goes to the database."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        written = WRITE.match(sql)
        if written and not written.group(1).startswith(UNTRACKED_TABLES):
            self.tables.add(written.group(1))
        return execute(sql, params, many, context)


def body_text(response) -> str:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content or b""
    )
    text = content.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        try:  # JSON escapes ö as \\u00f6
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def send(client: Client, method: str, url: str):
    """The request, rolled back: the database and the client's cookies as they were before (the
    client replaces the cookies a response sets, it never changes them in place)."""
    cookies = SimpleCookie()
    dict.update(cookies, client.cookies)
    written = Writes()
    with transaction.atomic(), connection.execute_wrapper(written):
        response = client.get(url) if method == "GET" else client.post(url, {})
        text = body_text(response)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, text, sorted(written.tables)


def cases(page: Page, world: World) -> Iterator[tuple[Case, str]]:
    for account in (None, *(ACCOUNTS if page.accounts is None else page.accounts)):
        keys: tuple[str | None, ...] = (
            TARGETS[account][: page.targets] if page.per_target else (None,)
        )
        turned_away = page.admin and account not in (None, *REGION_ADMINS)
        if turned_away:
            if page.sample_non_staff and account not in SAMPLE:
                continue
            keys = keys[:1]
        for method in ("GET", "POST"):
            guard = page.get if method == "GET" else page.post
            if guard is None:
                if method == "GET" and account in (None, *SAMPLE):
                    yield Case(account, keys[0], keys[0]), method
                continue
            if method == "POST" and turned_away:
                continue
            for key in keys:
                yield Case(account, key, key), method
            # One's own training with another training's row, where the row is what decides.
            own = Case(account, keys[0], keys[0])
            decides = page.sub and len(keys) > 1 and account is not None
            if decides and guard(own, world) in (Want.OK, Want.IGNORED):
                yield Case(account, keys[0], keys[1]), method


def expected(page: Page, case: Case, method: str, world: World) -> Want:
    if case.account is None and page.anonymous is not None:
        return page.anonymous
    guard = page.get if method == "GET" else page.post
    if guard is None:
        return Want.METHOD
    return guard(case, world)


def check(page: Page, case: Case, method: str, world: World, clients: dict) -> str | None:
    """What is wrong with the answer to the case, or None."""
    training = world.training[case.target] if case.target else None
    sub = world.training[case.sub] if case.sub else None
    url = page.url(world, training, sub)  # type: ignore[arg-type]
    want = expected(page, case, method, world)
    response, text, written = send(clients[case.account], method, url)
    problems = []
    if response.status_code >= 500:
        exc = getattr(response, "exc_info", None)
        problems.append(f"{response.status_code} {exc[1]!r}" if exc else "5xx")
    elif not answers(want, response):
        where = response.get("Location", "")
        problems.append(f"wanted {want}, got {response.status_code} {where}".rstrip())
    if written and (method == "GET" or want != Want.OK):
        problems.append(f"wrote {written}")
    bearer = frozenset({case.target}) if page.bearer and case.account is None else frozenset()
    leaked = [name for name in hidden_names(case.account, bearer) if name in text]
    if leaked:
        problems.append(f"shows {leaked}")
    if not problems:
        return None
    relation = ",".join(sorted(case.relations)) or "no relation"
    target = f"{case.target}" + (f" with a row of {case.sub}" if case.mixed else "")
    return f"{method} {url} as {case.account or 'anonymous'} ({target}: {relation}): " + "; ".join(
        problems
    )


def entry_id(name: str, page: Page) -> str:
    return f"{name}[{page.label}]" if page.label else name


ENTRIES = [(entry_id(name, page), page) for name, pages in TABLE.items() for page in pages]


@pytest.fixture(autouse=True)
def quiet_refusals():
    """Thousands of 403s, 404s and 405s are the point here, not news: only errors are logged."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def pdf_as_html(monkeypatch):
    """The PDFs' HTML in place of the PDF: quicker, and the names in it can be checked."""
    monkeypatch.setattr("stportal.plans.pdf.pdf_bytes", lambda html: html.encode())


@pytest.fixture
def world(demo) -> World:
    return World(demo)


def logged_in(person) -> Client:
    """A client with the person's session, as Client.force_login makes it but without logging
    in (which stamps and logs each login: writes that cost seconds over the whole matrix)."""
    client = Client(raise_request_exception=False)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def clients(world) -> dict[str | None, Client]:
    """One client per demo account, and one for the anonymous visitor; a 500 is an answer."""
    found: dict[str | None, Client] = {None: Client(raise_request_exception=False)}
    found.update({account: logged_in(world.person[account]) for account in ACCOUNTS})
    return found


# --- The tests ---------------------------------------------------------------------------------


def url_pattern_keys(patterns=None, namespace: str = "", prefix: str = "") -> Iterator[str]:
    """Every URL pattern: its name with namespaces, or its route when it has no name."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_pattern_keys(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else prefix + str(pattern.pattern)


def test_every_url_pattern_has_a_matrix_entry():
    found = set(url_pattern_keys())
    assert sorted(found - set(TABLE)) == [], "URL patterns without a matrix entry in TABLE"
    assert sorted(set(TABLE) - found) == [], "matrix entries for URL patterns that are gone"


@pytest.mark.parametrize(("entry", "page"), ENTRIES, ids=[e for e, _ in ENTRIES])
def test_every_account_gets_what_access_allows_and_nothing_else(entry, page, world, clients):
    problems = []
    for case, method in cases(page, world):
        if (entry, method, case.account, case.target, case.sub) in KNOWN_DEFECTS:
            continue
        problem = check(page, case, method, world, clients)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "defect",
    [
        pytest.param(
            key,
            marks=pytest.mark.xfail(strict=True, reason=reason),
            id="-".join(str(part) for part in key),
        )
        for key, reason in KNOWN_DEFECTS.items()
    ]
    or [pytest.param(None, marks=pytest.mark.skip(reason="no known defect"), id="none")],
)
def test_known_defects(defect, world, clients):
    entry, method, account, target, sub = defect
    page = dict(ENTRIES)[entry]
    assert check(page, Case(account, target, sub), method, world, clients) is None


def test_the_api_lists_exactly_the_trainings_the_account_may_see(clients):
    for account in ACCOUNTS:
        listed = clients[account].get("/api/v1/trainings/").json()
        viewable = {
            RESIDENT_NAMES[key]
            for key in (*TRAINING_KEYS, *READY_KEYS)
            if relations_of(account, key) & ALLOWED[Action.VIEW]
        }
        assert {t["resident"] for t in listed} == viewable, account
