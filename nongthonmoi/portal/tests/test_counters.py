"""View counts and visitor statistics: counted in the cache, flushed in batches, right at the edges
of the online window, the day and the month (frozen clock)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import RequestFactory

from nongthonmoi.portal import counters
from nongthonmoi.portal.models import Article, VisitDay

from .factories import article

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HANOI)  # type: ignore[misc]


def request(agent: str = "Firefox", address: str = "203.0.113.5"):  # type: ignore[no-untyped-def]
    return RequestFactory().get("/portal/", HTTP_USER_AGENT=agent, REMOTE_ADDR=address)


def test_the_visitor_identifier_rotates_daily_and_reveals_nothing() -> None:
    r = request()
    today = counters.visitor_id(r, dt.date(2026, 3, 1))
    assert today == counters.visitor_id(r, dt.date(2026, 3, 1))
    assert today != counters.visitor_id(r, dt.date(2026, 3, 2))
    assert today != counters.visitor_id(request(agent="Chrome"), dt.date(2026, 3, 1))
    assert "203.0.113.5" not in today and len(today) == 24


def test_a_visitor_counts_once_per_article_per_day_without_touching_the_database(
    units, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    a = article(units.province)
    day = dt.date(2026, 3, 1)
    with django_assert_num_queries(0):
        assert counters.record_view(a.pk, "visitor-1", day) is True
        assert counters.record_view(a.pk, "visitor-1", day) is False
        assert counters.record_view(a.pk, "visitor-2", day) is True
    assert counters.record_view(a.pk, "visitor-1", day + dt.timedelta(days=1)) is True
    a.refresh_from_db()
    assert a.view_count == 0
    assert counters.shown_views(a.pk) == 3


def test_flushing_moves_pending_views_into_the_article_and_the_shown_count_stays(units) -> None:  # type: ignore[no-untyped-def]
    a = article(units.province, view_count=86)
    for visitor in ("a", "b", "c"):
        counters.record_view(a.pk, visitor, dt.date(2026, 3, 1))
    assert counters.shown_views(a.pk) == 89
    assert counters.flush_views() == 3
    a.refresh_from_db()
    assert a.view_count == 89
    assert counters.pending_views(a.pk) == 0
    assert counters.shown_views(a.pk) == 89
    assert counters.flush_views() == 0  # nothing counted twice


def test_views_counted_after_a_flush_are_kept_for_the_next_one(units) -> None:  # type: ignore[no-untyped-def]
    a = article(units.province)
    counters.record_view(a.pk, "a", dt.date(2026, 3, 1))
    counters.flush_views()
    counters.record_view(a.pk, "b", dt.date(2026, 3, 1))
    counters.flush_views()
    assert Article.objects.get(pk=a.pk).view_count == 2


def test_online_now_counts_visitors_seen_in_the_last_five_minutes() -> None:
    with time_machine.travel(at(2026, 3, 1, 10, 0, 30), tick=False) as clock:
        counters.record_visit("a")
        counters.record_visit("b")
        assert counters.visitor_stats().online == 2
        clock.move_to(at(2026, 3, 1, 10, 2, 0))
        counters.record_visit("a")  # seen again: still one visitor
        assert counters.visitor_stats().online == 2
        clock.move_to(at(2026, 3, 1, 10, 4, 59))
        assert counters.visitor_stats().online == 2
        clock.move_to(at(2026, 3, 1, 10, 5, 0))  # b was last seen in minute 10:00
        assert counters.visitor_stats().online == 1
        clock.move_to(at(2026, 3, 1, 10, 7, 0))  # a was last seen in minute 10:02
        assert counters.visitor_stats().online == 0


def test_today_counts_distinct_visitors_and_the_day_rolls_over_at_local_midnight() -> None:
    with time_machine.travel(at(2026, 3, 1, 23, 58), tick=False) as clock:
        counters.record_visit("a")
        counters.record_visit("a")
        counters.record_visit("b")
        stats = counters.visitor_stats()
        assert (stats.today, stats.month, stats.total) == (2, 2, 2)
        clock.move_to(at(2026, 3, 2, 0, 1))
        counters.record_visit("c")
        stats = counters.visitor_stats()
        # yesterday still comes from the cache, no flush needed
        assert (stats.today, stats.month, stats.total) == (1, 3, 3)
        counters.flush_visits()
        assert dict(VisitDay.objects.values_list("day", "visitors")) == {
            dt.date(2026, 3, 1): 2,
            dt.date(2026, 3, 2): 1,
        }
        assert counters.visitor_stats() == stats  # flushing changes nothing shown


def test_the_month_rolls_over_and_stored_days_add_to_the_total() -> None:
    VisitDay.objects.create(day=dt.date(2026, 1, 15), visitors=500)
    VisitDay.objects.create(day=dt.date(2026, 1, 30), visitors=300)
    with time_machine.travel(at(2026, 1, 31, 12, 0), tick=False) as clock:
        counters.record_visit("a")
        stats = counters.visitor_stats()
        assert (stats.today, stats.month, stats.total) == (1, 801, 801)
        clock.move_to(at(2026, 2, 1, 8, 0))
        counters.record_visit("b")
        counters.record_visit("a")  # same person, new day: a new daily identity in practice
        stats = counters.visitor_stats()
        assert stats.today == 2
        assert stats.month == 2
        assert stats.total == 500 + 300 + 1 + 2


def test_a_public_page_counts_the_visit_and_the_flush_runs_at_most_once_a_minute(client) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(2026, 3, 1, 9, 0), tick=False) as clock:
        client.get("/portal/", HTTP_USER_AGENT="A")
        assert VisitDay.objects.get(day=dt.date(2026, 3, 1)).visitors == 1  # first request flushed
        client.get("/portal/", HTTP_USER_AGENT="B")
        assert VisitDay.objects.get(day=dt.date(2026, 3, 1)).visitors == 1  # not yet
        assert counters.visitor_stats().today == 2
        clock.move_to(at(2026, 3, 1, 9, 1, 1))
        client.get("/portal/", HTTP_USER_AGENT="C")
        assert VisitDay.objects.get(day=dt.date(2026, 3, 1)).visitors == 3


def test_an_edit_from_a_copy_loaded_before_a_flush_keeps_the_flushed_views(units) -> None:  # type: ignore[no-untyped-def]
    a = article(units.province, view_count=10)
    stale = Article.objects.get(pk=a.pk)
    counters.record_view(a.pk, "v", dt.date(2026, 3, 1))
    counters.flush_views()
    stale.title = "Tiêu đề đã sửa"
    stale.save()
    assert Article.objects.get(pk=a.pk).view_count == 11


def test_the_background_task_and_the_command_flush_the_counts(units, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    from nongthonmoi.portal.tasks import flush_counters

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": False,
        }
    }
    a = article(units.province)
    counters.record_view(a.pk, "v", dt.date(2026, 3, 1))
    result = flush_counters.enqueue()
    assert result.return_value == {"views": 1, "days": 0}
    counters.record_view(a.pk, "w", dt.date(2026, 3, 1))
    call_command("portal_flush_counts")
    assert Article.objects.get(pk=a.pk).view_count == 2
