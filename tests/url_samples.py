"""How to build every parameterised URL for "a resource belonging to commune B".

The access walk (tests/test_access_walk.py) reads the whole URL configuration; a pattern with
parameters that is not listed here fails the walk, so a new page cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Target:
    """What the samples may point at: commune B's things, owned by officer B."""

    commune_b: Any
    officer_b: Any
    token_b: Any
    rounds: Any = None  # nongthonmoi.rounds.tests.factories.access_walk_objects
    ocop: Any = None  # commune B's OCOP producer, product, dossier, session, certificate, evidence
    funding: Any = None  # commune B's allocation decision (nongthonmoi.funding.tests.factories)
    portal_article: Any = None  # an article in review on commune B's province
    report: Any = None  # commune B's province's periodic report (nongthonmoi.reports)
    targets: Any = None  # commune B's conference (+ document), task (+ file), plan, course
    feedback_survey: Any = None  # a Cao Bằng satisfaction survey including commune B (feedback)


Sample = Callable[[Target], dict[str, Any]]

# URL name -> kwargs addressing commune B's resource (officer B may see it, officer A may not)
SCOPED: dict[str, Sample] = {
    "places:detail": lambda t: {"structure": "2025", "code": t.commune_b.code},
    "places:attributes": lambda t: {"structure": "2025", "code": t.commune_b.code},
    "accounts:revoke_token": lambda t: {"token_id": t.token_b.pk},
    "rounds:detail": lambda t: {"round_id": t.rounds.round.pk},
    "rounds:export": lambda t: {"round_id": t.rounds.round.pk},
    "rounds:upload": lambda t: {"round_id": t.rounds.round.pk},
    "rounds:bulk_approve": lambda t: {"round_id": t.rounds.round.pk},
    "rounds:evidence": lambda t: {"evidence_id": t.rounds.evidence.pk},
    "rounds:import_job": lambda t: {"job_id": t.rounds.job.pk},
    "rounds:withdraw": lambda t: {"recognition_id": t.rounds.recognition.pk},
    "rounds:decision_file": lambda t: {"recognition_id": t.rounds.recognition.pk},
    **{
        f"rounds:{name}": lambda t: {"round_id": t.rounds.round.pk, "code": t.commune_b.code}
        for name in ("entry submit review history return approve verify unlock recognise".split())
    },
    "rounds:save_value": lambda t: {
        "round_id": t.rounds.round.pk,
        "code": t.commune_b.code,
        "indicator": "3.a",
    },
    "rounds:add_evidence": lambda t: {
        "round_id": t.rounds.round.pk,
        "code": t.commune_b.code,
        "indicator": "3.a",
    },
    "ocop:product_detail": lambda t: {"pk": t.ocop.product.pk},
    "ocop:product_edit": lambda t: {"pk": t.ocop.product.pk},
    "ocop:dossier_new": lambda t: {"pk": t.ocop.product.pk},
    "ocop:evidence_file": lambda t: {"pk": t.ocop.evidence.pk},
    "ocop:dossier_detail": lambda t: {"pk": t.ocop.dossier.pk},
    "ocop:central_result": lambda t: {"pk": t.ocop.dossier.pk},
    "ocop:session_detail": lambda t: {"pk": t.ocop.session.pk},
    "ocop:session_score": lambda t: {"pk": t.ocop.session.pk, "dossier_pk": t.ocop.dossier.pk},
    "ocop:session_pdf": lambda t: {"pk": t.ocop.session.pk, "kind": "minutes"},
    "ocop:certificate_revoke": lambda t: {"pk": t.ocop.certificate.pk},
    "criteria:unit": lambda t: {"structure": "2025", "code": t.commune_b.code},
    "criteria:indicator": lambda t: {
        "structure": "2025",
        "code": t.commune_b.code,
        "indicator": "3.a",
    },
    "criteria:thresholds": lambda t: {"structure": "2025", "code": t.commune_b.code},
    "criteria:thresholds_workbook": lambda t: {"structure": "2025", "code": t.commune_b.code},
    "criteria:overlay_edit": lambda t: {"structure": "2025", "code": t.commune_b.province.code},
    "criteria:overlay_import": lambda t: {"structure": "2025", "code": t.commune_b.province.code},
    "criteria:recompute": lambda t: {"structure": "2025", "code": t.commune_b.province.code},
    **{
        f"portal:{name}": lambda t: {"pk": t.portal_article.pk}
        for name in "article_edit article_submit article_publish article_refuse article_withdraw".split()
    },
    **{
        f"reports:{name}": lambda t: {"pk": t.report.pk}
        for name in "detail texts transition generate".split()
    },
    "reports:generation_status": lambda t: {"pk": t.report.generations.get().pk},
    "reports:download": lambda t: {"pk": t.report.generations.get().pk, "fmt": "pdf"},
}

SCOPED.update(
    {
        "funding:unit": lambda t: {"structure": "2025", "code": t.commune_b.code},
        "funding:mobilise": lambda t: {"structure": "2025", "code": t.commune_b.code},
        "funding:disburse": lambda t: {"pk": t.funding.pk},
        **{
            f"funding:{name}": lambda t: {"structure": "2025", "code": t.commune_b.province.code}
            for name in "whatif whatif_export whatif_save rules import import_template publish".split()
        },
    }
)

# Parameterised pages anyone may open (they reveal nothing of a unit); checked for leaks anyway
PUBLIC: dict[str, Sample] = {
    "accounts:password_reset_confirm": lambda t: {"uidb64": "MQ", "token": "set-password"},
    "set_language": lambda t: {},
    "rounds:public_recognitions": lambda t: {},
    "ocop:public_product": lambda t: {"pk": 999999},
    "ocop:photo": lambda t: {"pk": 999999, "size": "thumb"},
    "ocop:certificate_pdf": lambda t: {"pk": 999999},
    "criteria:set_workbook": lambda t: {"set_code": "xa-ntm-2026-2030"},  # national rules
    "funding:public_province": lambda t: {"structure": "2025", "code": "04"},  # published years only
    "funding:public_export": lambda t: {"structure": "2025", "code": "04", "fmt": "csv"},
    "portal:category": lambda t: {"slug": "tin-tuc"},
    "portal:article": lambda t: {"slug": "khong-co-bai-nay"},
    "portal:cover": lambda t: {"pk": 999999, "size": "thumb"},
    "portal:decisions_unit": lambda t: {"structure": "2025", "code": "01294"},
    "portal:decision_file": lambda t: {"pk": 999999},
    "portal:document_file": lambda t: {"pk": 999999},
    "portal:survey_results": lambda t: {},  # closed surveys only, by province
    "portal:dataset": lambda t: {"slug": "don-vi-hanh-chinh-2025"},
    "portal:dataset_download": lambda t: {"slug": "don-vi-hanh-chinh-2025", "fmt": "csv"},
    "portal:feed_category": lambda t: {"slug": "tin-tuc"},
    "portal:atom_category": lambda t: {"slug": "tin-tuc"},
}

# Patterns outside the walk, with the reason
EXCLUDED_PREFIXES = {
    "admin:": "Django admin: staff only, checked separately (non-staff are sent to the admin login)",
    "api:": "API operations are walked from the OpenAPI schema in the same test module",
}

# Pages of other units' resources that a user may legitimately see although they name commune B
MAY_NAME_OTHER_UNITS: set[str] = {
    "ocop:catalogue",
    "ocop:public_product",
    # public portal: registers name communes; search forms echo the query
    "portal:index",
    "portal:search",
    "portal:decisions",
    "portal:decisions_unit",
    "portal:documents",
    "portal:survey_results",  # published results of closed surveys name their communes
}

# API path parameter -> its value for commune B's resource ({structure} and {code} address commune B
# itself). A new parameter name must be added here or the API walk fails.
API_PARAMS: dict[str, Callable[[Target], Any]] = {
    "structure": lambda t: "2025",
    "code": lambda t: t.commune_b.code,
}

# API operations (METHOD path-template) anyone may call, e.g. public catalogues or survey answers
PUBLIC_API: set[str] = {
    "GET /api/v1/portal/datasets",
    "GET /api/v1/portal/datasets/{slug}",
    "GET /api/v1/portal/articles",
    "GET /api/v1/portal/visitor-stats",
}

# Capability a scoped page needs on its unit (default: view); "owner" = only the object's owner.
REQUIRES: dict[str, str] = {
    "places:attributes": "manage",
    "accounts:revoke_token": "owner",
    "ocop:product_edit": "produce_ocop",
    "ocop:dossier_new": "produce_ocop",
    "ocop:session_detail": "score_ocop",
    "ocop:session_score": "score_ocop",
    "ocop:session_pdf": "score_ocop",
    # the province records the ministry's result (approvers; also its council secretaries)
    "ocop:central_result": "approve",
    "criteria:overlay_edit": "manage",
    "criteria:overlay_import": "manage",
    "criteria:recompute": "manage",
    "portal:article_edit": "edit_portal",
    "portal:article_submit": "edit_portal",
    "portal:article_publish": "review_portal",
    "portal:article_refuse": "review_portal",
    "portal:article_withdraw": "review_portal",
}

# The unit a scoped sample belongs to, when it is not commune B ("province" = commune B's province)
TARGET_UNIT: dict[str, str] = {
    "ocop:session_detail": "province",
    "ocop:session_score": "province",
    "ocop:session_pdf": "province",
    "ocop:central_result": "province",
    "criteria:overlay_edit": "province",
    "criteria:overlay_import": "province",
    "criteria:recompute": "province",
    "portal:article_edit": "province",
    "portal:article_submit": "province",
    "portal:article_publish": "province",
    "portal:article_refuse": "province",
    "portal:article_withdraw": "province",
    # periodic reports belong to a province (view on it; officers of its communes are denied)
    **{
        f"reports:{name}": "province"
        for name in "detail texts transition generate generation_status download".split()
    },
}

# funding: province pages need manage on commune B's province; public money pages name communes
_FUNDING_PROVINCE = "whatif whatif_export whatif_save rules import import_template publish".split()
MAY_NAME_OTHER_UNITS |= {"funding:public_province", "funding:public_export"}
REQUIRES.update({f"funding:{n}": "manage" for n in ["mobilise", "disburse", *_FUNDING_PROVINCE]})
TARGET_UNIT.update({f"funding:{n}": "province" for n in _FUNDING_PROVINCE})

# targets: commune B's boards and its conference, task, plan and course
SCOPED.update(
    {
        **{
            f"targets:{name}": lambda t: {"structure": "2025", "code": t.commune_b.code}
            for name in ("board", "board_xlsx", "board_pdf")
        },
        "targets:drill": lambda t: {
            "structure": "2025",
            "code": t.commune_b.code,
            "target_code": "DLNT-CHU-CO-SO",
        },
        **{
            f"targets:{name}": lambda t: {"pk": t.targets.conference.pk}
            for name in (
                "conference conference_add_task conference_add_conclusion conference_add_document"
            ).split()
        },
        "targets:task": lambda t: {"pk": t.targets.task.pk},
        "targets:task_file": lambda t: {"pk": t.targets.task_update.pk},
        "targets:conference_document": lambda t: {"pk": t.targets.document.pk},
        "targets:plan": lambda t: {"pk": t.targets.plan.pk},
        "targets:course": lambda t: {"pk": t.targets.course.pk},
    }
)

# feedback: a survey belongs to its province; its commune pages to the commune
_FEEDBACK_PROVINCE = ["detail", "close", "moderation", "export", "contacts"]
SCOPED.update(
    {
        "feedback:detail": lambda t: {"survey_id": t.feedback_survey.pk},
        "feedback:close": lambda t: {"survey_id": t.feedback_survey.pk},
        "feedback:moderation": lambda t: {"survey_id": t.feedback_survey.pk},
        "feedback:contacts": lambda t: {"survey_id": t.feedback_survey.pk},
        "feedback:export": lambda t: {"survey_id": t.feedback_survey.pk, "fmt": "csv"},
        "feedback:commune": lambda t: {"survey_id": t.feedback_survey.pk, "code": t.commune_b.code},
        "feedback:poster": lambda t: {"survey_id": t.feedback_survey.pk, "code": t.commune_b.code},
        "feedback:services": lambda t: {"code": t.commune_b.province.code},
    }
)
TARGET_UNIT.update({f"feedback:{n}": "province" for n in [*_FEEDBACK_PROVINCE, "services"]})
REQUIRES.update(
    {"feedback:close": "manage", "feedback:moderation": "manage", "feedback:contacts": "manage"}
)
PUBLIC.update(
    {
        "feedback:form": lambda t: {"token": "khong-co-ma-nay"},
        "feedback:thanks": lambda t: {"token": "khong-co-ma-nay"},
        "feedback:public_results": lambda t: {"survey_id": 999999, "code": "01294"},
    }
)
MAY_NAME_OTHER_UNITS |= {"feedback:public_results"}  # published results name their commune
API_PARAMS["survey_id"] = lambda t: t.feedback_survey.pk
PUBLIC_API |= {
    "POST /api/v1/surveys/{survey_id}/responses",
    "GET /api/v1/surveys/{survey_id}/communes/{code}/published",  # only once the survey closed
}
PUBLIC_API |= {"GET /api/v1/funding/public", "GET /api/v1/funding/public/{structure}/{province_code}"}
