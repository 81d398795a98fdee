"""Roles held at administrative units and the capabilities they grant (no Django imports)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COMMUNE_OFFICER = "commune_officer"
    DISTRICT_REVIEWER = "district_reviewer"
    PROVINCE_APPROVER = "province_approver"
    CENTRAL_VIEWER = "central_viewer"
    OCOP_COUNCIL_MEMBER = "ocop_council_member"
    OCOP_COUNCIL_SECRETARY = "ocop_council_secretary"
    OCOP_PRODUCER = "ocop_producer"
    PORTAL_EDITOR = "portal_editor"
    PORTAL_REVIEWER = "portal_reviewer"
    ADMINISTRATOR = "administrator"


class Capability(StrEnum):
    VIEW = "view"  # see private data of units in scope
    ENTER_DATA = "enter_data"  # commune data entry, dossiers
    VERIFY = "verify"  # district verification (2021–2025 map)
    APPROVE = "approve"  # approve, return, recognise, unlock
    MANAGE = "manage"  # plans, allocations, unit attributes, overlays
    SCORE_OCOP = "score_ocop"
    RUN_OCOP_COUNCIL = "run_ocop_council"
    PRODUCE_OCOP = "produce_ocop"
    EDIT_PORTAL = "edit_portal"
    REVIEW_PORTAL = "review_portal"
    VIEW_AUDIT = "view_audit"
    ADMINISTER = "administer"


C = Capability
CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.COMMUNE_OFFICER: frozenset({C.VIEW, C.ENTER_DATA}),
    Role.DISTRICT_REVIEWER: frozenset({C.VIEW, C.VERIFY}),
    Role.PROVINCE_APPROVER: frozenset({C.VIEW, C.APPROVE, C.MANAGE}),
    Role.CENTRAL_VIEWER: frozenset({C.VIEW}),
    Role.OCOP_COUNCIL_MEMBER: frozenset({C.SCORE_OCOP}),
    Role.OCOP_COUNCIL_SECRETARY: frozenset({C.SCORE_OCOP, C.RUN_OCOP_COUNCIL}),
    Role.OCOP_PRODUCER: frozenset({C.PRODUCE_OCOP}),
    Role.PORTAL_EDITOR: frozenset({C.EDIT_PORTAL}),
    Role.PORTAL_REVIEWER: frozenset({C.EDIT_PORTAL, C.REVIEW_PORTAL}),
    Role.ADMINISTRATOR: frozenset(Capability),
}
