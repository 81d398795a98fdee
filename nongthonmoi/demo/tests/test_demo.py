from __future__ import annotations

import pytest

from nongthonmoi.accounts.models import Assignment, User
from nongthonmoi.accounts.roles import Role
from nongthonmoi.demo import base
from nongthonmoi.places.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_demo_has_a_user_for_every_role() -> None:
    roles = set(
        Assignment.objects.filter(
            user__username__in=[u.username for u in base.DEMO_USERS]
        ).values_list("role", flat=True)
    )
    assert roles == {r.value for r in Role}


def test_loading_the_demo_again_changes_nothing() -> None:
    before = (
        User.objects.count(),
        Assignment.objects.count(),
        list(
            AdminUnit.objects.filter(attributes_note=base.DEMO_NOTE).values_list(
                "pk", "commune_group", "is_border"
            )
        ),
    )
    assert base.load() == [
        "demo users: 0 created",
        "Cao Bằng communes with illustrative attributes: 0 updated",
    ]
    after = (
        User.objects.count(),
        Assignment.objects.count(),
        list(
            AdminUnit.objects.filter(attributes_note=base.DEMO_NOTE).values_list(
                "pk", "commune_group", "is_border"
            )
        ),
    )
    assert after == before


def test_demo_attributes_are_labelled_illustrative() -> None:
    communes = AdminUnit.objects.filter(
        structure="2025", level="commune", province__code=base.PROVINCE
    )
    assert communes.count() == 56
    assert set(communes.values_list("attributes_note", flat=True)) == {base.DEMO_NOTE}
    assert set(communes.values_list("commune_group", flat=True)) <= {1, 2, 3}
