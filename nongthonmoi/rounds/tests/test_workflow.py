"""The review chain through the services: draft → submitted → returned → approved → locked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.criteria.models import IndicatorValue, ValueStatus

from .. import services
from ..models import Notification, RoundUnit, UnitStatus, ValueChange, ValueFlag
from ..queries import inbox_for
from .factories import open_round, round_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ru_a(personas, units):  # type: ignore[no-untyped-def]
    round_ = open_round(personas.approver, units.province, [units.commune_a, units.commune_b])
    return round_unit(round_, units.commune_a)


def value(ru: RoundUnit, code: str) -> IndicatorValue:
    return IndicatorValue.objects.get(
        unit=ru.unit, set_code=ru.round.set_code, year=ru.round.year, indicator_code=code
    )


def test_a_province_opens_a_round_for_its_communes(personas, units) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(personas.approver, units.province)
    assert (
        round_.units.count()
        == units.province.__class__.objects.filter(
            structure="2025", province=units.province, level="commune"
        ).count()
    )
    assert not round_.needs_district_verification


def test_a_commune_officer_cannot_open_a_round(personas, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        open_round(personas.officer_a, units.province)


def test_a_round_on_the_wrong_map_is_refused(personas, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed, match="bản đồ"):
        open_round(
            personas.approver, units.province, set_code="xa-ntm-2021-2025", year=2024, overlay=""
        )


def test_saving_a_value_makes_a_draft_and_records_history(personas, ru_a) -> None:  # type: ignore[no-untyped-def]
    saved = services.do_save_value(personas.officer_a, ru_a, "3.a", "7,5", "theo báo cáo", 0)
    assert (saved.value, saved.version, saved.status) == ("7.5", 1, ValueStatus.DRAFT)
    again = services.do_save_value(personas.officer_a, ru_a, "3.a", "8", "theo báo cáo", 1)
    assert again.version == 2
    history = list(
        ValueChange.objects.filter(value=again)
        .order_by("at", "id")
        .values_list("old_value", "new_value")
    )
    assert history == [("", "7.5"), ("7.5", "8")]
    ru_a.refresh_from_db()
    assert ru_a.status == UnitStatus.DRAFT


def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(personas, ru_a) -> None:  # type: ignore[no-untyped-def]
    services.do_save_value(personas.officer_a, ru_a, "6.a", "3", "", 0)
    services.do_save_value(personas.officer_a, ru_a, "6.a", "4", "", 1)  # first editor
    with pytest.raises(services.ValueConflict) as caught:
        services.do_save_value(personas.officer_a, ru_a, "6.a", "9", "", 1)  # second, stale
    assert "Xung đột" in caught.value.problems[0] and "CHƯA được lưu" in caught.value.problems[0]
    assert value(ru_a, "6.a").value == "4"


def test_two_first_writers_of_a_new_value_conflict(personas, ru_a) -> None:  # type: ignore[no-untyped-def]
    services.do_save_value(personas.officer_a, ru_a, "8.a", "90", "", 0)
    with pytest.raises(services.ValueConflict):
        services.do_save_value(personas.officer_a, ru_a, "8.a", "50", "", 0)
    assert value(ru_a, "8.a").value == "90"


def test_an_unparsable_value_is_refused_in_vietnamese(personas, ru_a) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed, match="không phải là số"):
        services.do_save_value(personas.officer_a, ru_a, "3.a", "nhiều", "", 0)


def test_officer_a_cannot_write_commune_b(personas, units, ru_a) -> None:  # type: ignore[no-untyped-def]
    ru_b = round_unit(ru_a.round, units.commune_b)
    with pytest.raises(PermissionDeniedError):
        services.do_save_value(personas.officer_a, ru_b, "3.a", "5", "", 0)


def test_return_fix_resubmit_approve_locks_and_notifies(personas, ru_a) -> None:  # type: ignore[no-untyped-def]
    officer, approver = personas.officer_a, personas.approver
    services.do_save_value(officer, ru_a, "3.a", "5", "", 0)
    services.do_save_value(officer, ru_a, "6.a", "2", "", 0)
    services.do_submit(officer, ru_a)
    assert value(ru_a, "3.a").status == ValueStatus.SUBMITTED
    assert ru_a in inbox_for(approver).to_review

    services.do_return(approver, ru_a, "", {"3.a": "Số liệu thu nhập chưa khớp biên bản"})
    ru_a.refresh_from_db()
    assert ru_a.status == UnitStatus.RETURNED
    assert value(ru_a, "3.a").status == ValueStatus.RETURNED
    assert ValueFlag.objects.get(round_unit=ru_a).comment == "Số liệu thu nhập chưa khớp biên bản"
    assert [r.pk for r in inbox_for(officer).returned] == [ru_a.pk]
    note = Notification.objects.get(user=officer)
    assert "bị trả lại" in note.text and "3.a" in note.text

    services.do_save_value(
        officer, value_ru(ru_a), "3.a", "7", "đã sửa", value(ru_a, "3.a").version
    )
    services.do_submit(officer, value_ru(ru_a))
    services.do_approve(approver, value_ru(ru_a))
    assert set(IndicatorValue.objects.filter(unit=ru_a.unit).values_list("status", "locked")) == {
        (ValueStatus.APPROVED, True)
    }
    with pytest.raises(ValidationFailed, match="khoá"):
        services.do_save_value(officer, value_ru(ru_a), "3.a", "1", "", value(ru_a, "3.a").version)
    assert Notification.objects.filter(user=officer, text__contains="phê duyệt").exists()


def value_ru(ru: RoundUnit) -> RoundUnit:
    return round_unit(ru.round, ru.unit)


def test_emails_go_out_when_a_report_is_returned(
    personas, ru_a, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    services.do_save_value(personas.officer_a, ru_a, "3.a", "5", "", 0)
    services.do_submit(personas.officer_a, ru_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.do_return(personas.approver, ru_a, "Thiếu minh chứng")
    sent = [m for m in mail.outbox if personas.officer_a.email in m.to]
    # the subject says what happened (a long round title used to push the verb out of it)
    assert len(sent) == 1 and sent[0].subject.endswith("của Xã Bảo Lâm bị trả lại")
    assert "Thiếu minh chứng" in sent[0].body


def test_emails_go_out_when_a_report_is_approved(
    personas, ru_a, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    assert personas.officer_a.email
    services.do_save_value(personas.officer_a, ru_a, "3.a", "5", "", 0)
    services.do_submit(personas.officer_a, ru_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_approve(personas.approver, value_ru(ru_a))
    sent = [m for m in mail.outbox if personas.officer_a.email in m.to]
    assert len(sent) == 1 and sent[0].subject.endswith("của Xã Bảo Lâm đã được phê duyệt")
    assert Notification.objects.filter(user=personas.officer_a, text__contains="phê duyệt").exists()


def test_a_long_email_subject_is_cut_at_a_word_with_an_ellipsis() -> None:
    from ..notify import SUBJECT_LIMIT, email_subject

    assert email_subject("Báo cáo\nđã gửi") == "[Nông thôn mới] Báo cáo đã gửi"
    text = "Báo cáo " + "rất dài " * 40 + "kết thúc"
    subject = email_subject(text)
    assert subject.endswith("…") and len(subject) <= len("[Nông thôn mới] ") + SUBJECT_LIMIT
    kept = subject.removeprefix("[Nông thôn mới] ").removesuffix("…")
    assert text.startswith(kept + " ")  # whole words only


def test_unlocking_one_value_leaves_the_others_locked(personas, ru_a) -> None:  # type: ignore[no-untyped-def]
    services.do_save_value(personas.officer_a, ru_a, "3.a", "5", "", 0)
    services.do_save_value(personas.officer_a, ru_a, "6.a", "2", "", 0)
    services.do_submit(personas.officer_a, ru_a)
    services.do_approve(personas.approver, value_ru(ru_a))
    with pytest.raises(ValidationFailed, match="lý do"):
        services.do_unlock_value(personas.approver, value_ru(ru_a), "3.a", " ")
    services.do_unlock_value(personas.approver, value_ru(ru_a), "3.a", "Sai đơn vị tính")
    assert not value(ru_a, "3.a").locked and value(ru_a, "6.a").locked
    change = ValueChange.objects.filter(value=value(ru_a, "3.a"), action="unlock").get()
    assert change.reason == "Sai đơn vị tính" and change.actor == personas.approver
    fixed = services.do_save_value(
        personas.officer_a, value_ru(ru_a), "3.a", "6", "", value(ru_a, "3.a").version
    )
    assert fixed.value == "6"
    with pytest.raises(ValidationFailed):
        services.do_save_value(
            personas.officer_a, value_ru(ru_a), "6.a", "9", "", value(ru_a, "6.a").version
        )


def test_bulk_approve_approves_submitted_reports_and_lists_the_rest(personas, units, ru_a) -> None:  # type: ignore[no-untyped-def]
    services.do_save_value(personas.officer_a, ru_a, "3.a", "5", "", 0)
    services.do_submit(personas.officer_a, ru_a)
    ru_b = round_unit(ru_a.round, units.commune_b)
    approved, problems = services.do_bulk_approve(personas.approver, [value_ru(ru_a), ru_b])
    assert approved == 1 and len(problems) == 1 and units.commune_b.name in problems[0]


def test_2021_map_rounds_need_the_district_before_the_province(personas, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.places.models import AdminUnit

    old_commune = (
        AdminUnit.objects.filter(structure="2021", district=units.old_district, level="commune")
        .order_by("code")
        .first()
    )
    round_ = open_round(
        personas.approver,
        units.old_province,
        [old_commune],
        set_code="xa-ntm-2021-2025",
        year=2024,
        overlay="",
    )
    ru = round_unit(round_, old_commune)
    officer = (
        personas.officer_a
        if services.can(personas.officer_a, "enter_data", old_commune)
        else personas.admin
    )
    services.do_save_value(officer, ru, "15.3", "20", "", 0)
    services.do_submit(officer, ru)
    with pytest.raises(ValidationFailed, match="thẩm tra"):
        services.do_approve(personas.approver, value_ru(ru))
    assert value_ru(ru) in inbox_for(personas.district_reviewer).to_review
    services.do_verify(personas.district_reviewer, value_ru(ru), "Đã kiểm tra thực địa")
    services.do_approve(personas.approver, value_ru(ru))
    assert value_ru(ru).status == UnitStatus.APPROVED


def test_the_inbox_sorts_due_and_overdue(personas, units) -> None:  # type: ignore[no-untyped-def]
    round_ = open_round(personas.approver, units.province, [units.commune_a], due_in_days=-1)
    box = inbox_for(personas.officer_a)
    assert [r.round_id for r in box.overdue] == [round_.pk] and box.due == []
    assert inbox_for(personas.officer_a, dt.date.today() - dt.timedelta(days=1)).due


def test_approval_refreshes_the_stored_evaluations_behind_scorecards(
    personas, ru_a, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.criteria.models import Evaluation

    services.do_save_value(personas.officer_a, ru_a, "3.a", "9", "", 0)
    services.do_submit(personas.officer_a, ru_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.do_approve(personas.approver, value_ru(ru_a))
    stored = Evaluation.objects.get(
        unit=ru_a.unit, set_code=ru_a.round.set_code, year=2026, basis="approved"
    )
    assert "3.a" not in stored.missing_indicators and "3.a" not in stored.no_data_indicators


def test_on_the_2021_map_the_2025_province_office_is_notified_too(personas, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.places.models import AdminUnit

    from ..notify import users_with

    old_commune = (
        AdminUnit.objects.filter(structure="2021", district=units.old_district, level="commune")
        .order_by("code")
        .first()
    )
    assert personas.approver in users_with("approve", old_commune)
    assert personas.district_reviewer in users_with("verify", old_commune)
    assert personas.other_approver not in users_with("approve", old_commune)


def test_opening_with_an_illustrative_file_stores_it_as_the_province_thresholds(
    personas, units
) -> None:  # type: ignore[no-untyped-def]
    """Data entry and the criteria scorecard must judge with the same thresholds."""
    from nongthonmoi.criteria.models import ProvinceOverlay
    from nongthonmoi.criteria.queries import resolved_set_for

    from ..evaluation import resolved_for

    assert not ProvinceOverlay.objects.filter(province=units.province).exists()
    round_ = open_round(personas.approver, units.province, [units.commune_a])
    stored = ProvinceOverlay.objects.get(province=units.province, set_code=round_.set_code)
    assert stored.illustrative and "cao-bang-2026.yaml" in stored.source
    criteria_side = resolved_set_for(units.province, round_.set_code)
    rounds_side = resolved_for(round_)
    assert criteria_side.overlay is not None
    assert criteria_side.overlay.model_dump() == rounds_side.overlay.model_dump()  # type: ignore[union-attr]


def test_a_province_overlay_of_its_own_is_not_replaced_by_the_round_file(personas, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.criteria import services as criteria_services
    from nongthonmoi.criteria.models import ProvinceOverlay

    own = criteria_services.do_save_overlay(
        personas.approver,
        units.province,
        "xa-ntm-2026-2030",
        {
            "code": "cb-rieng",
            "decision": {"number": "15/2026/QĐ-UBND"},
            "indicators": {"3.a": {"note": "tỉnh tự đặt"}},
        },
        recompute=False,
    )
    open_round(personas.approver, units.province, [units.commune_a])
    assert list(ProvinceOverlay.objects.filter(province=units.province)) == [own]
