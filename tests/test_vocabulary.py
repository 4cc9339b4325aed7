"""Each domain list is defined once, in stportal.routines.vocabulary (issue 9); the Django
choices and labels carry exactly its codes, and every code names something the portal can do."""

import pytest

from stportal.access import ANNUAL_REVIEW_AUTHORS, Relation
from stportal.curricula.models import Regulation
from stportal.plans.forms import ACTIVITY_LABELS, STUDY_TIME_LABELS
from stportal.plans.models import SignerRole
from stportal.portfolio.models import ANNUAL_REVIEW_PARTS as SIGNED_AT_FIELD
from stportal.portfolio.views.annual import PART_LABELS
from stportal.routines import vocabulary
from stportal.routines.registry import get_profile, profile_keys
from stportal.rules.followup import PART_NAMES
from stportal.training.models import AbsenceKind


@pytest.mark.parametrize(
    ("django_codes", "pure_codes"),
    [
        (AbsenceKind.values, vocabulary.ABSENCE_KINDS),
        (SignerRole.values, vocabulary.SIGNERS),
        (Regulation.values, vocabulary.REGULATIONS),
        (list(ACTIVITY_LABELS), vocabulary.ACTIVITY_KINDS),
        (list(STUDY_TIME_LABELS), vocabulary.STUDY_TIME_ARRANGEMENTS),
        (list(SIGNED_AT_FIELD), vocabulary.ANNUAL_REVIEW_PARTS),
        (list(ANNUAL_REVIEW_AUTHORS), vocabulary.ANNUAL_REVIEW_PARTS),
        (list(PART_LABELS), vocabulary.ANNUAL_REVIEW_PARTS),
        (list(PART_NAMES), vocabulary.ANNUAL_REVIEW_PARTS),
    ],
)
def test_django_choices_carry_exactly_the_pure_codes(django_codes, pure_codes):
    assert sorted(django_codes) == sorted(pure_codes)


def test_every_signer_and_distance_approver_is_a_relation_access_knows():
    relations = {str(relation) for relation in Relation}
    assert set(vocabulary.SIGNERS) <= relations
    assert set(vocabulary.DISTANCE_APPROVERS) <= relations


def test_every_profile_names_only_known_codes():
    for profile in map(get_profile, profile_keys()):
        assert set(profile.distance_supervision.approvers) <= set(vocabulary.DISTANCE_APPROVERS)
        assert set(profile.annual_review.parts) <= set(vocabulary.ANNUAL_REVIEW_PARTS)
        assert set(profile.training_plan.signers) <= set(vocabulary.SIGNERS)
