from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class AssignmentOut(Schema):
    role: str
    role_label: str
    unit_structure: str | None
    unit_code: str | None
    unit_name: str | None


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    assignments: list[AssignmentOut]


@router.get("/me", response=MeOut, summary="The authenticated user and their assignments")
def me(request: HttpRequest) -> dict:
    user = request.user
    return {
        "username": user.username,
        "full_name": user.full_name,  # type: ignore[union-attr]
        "email": user.email,  # type: ignore[union-attr]
        "assignments": [
            {
                "role": a.role,
                "role_label": a.role_label,
                "unit_structure": a.unit.structure if a.unit else None,
                "unit_code": a.unit.code if a.unit else None,
                "unit_name": a.unit.name if a.unit else None,
            }
            for a in user.assignments.select_related("unit")  # type: ignore[union-attr]
        ],
    }
