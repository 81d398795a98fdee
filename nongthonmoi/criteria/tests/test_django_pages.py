"""Pages: scorecard, indicator detail, province dashboard, national view, thresholds, sets."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from nongthonmoi.criteria import demo, queries
from nongthonmoi.criteria.models import Evaluation

pytestmark = pytest.mark.django_db
QUERY = {"set": demo.SET_CODE, "year": demo.YEAR}
# Session, user and the user's assignments (read once for every capability the menu and the
# page check) take three queries; the page's own reads are a handful and never grow with the
# number of communes (11 for the province dashboard on a cache miss).
MAX_QUERIES = 12


@pytest.fixture
def demo_data(units):  # type: ignore[no-untyped-def]
    demo.load()
    return units


def scorecard_url(unit) -> str:  # type: ignore[no-untyped-def]
    return reverse("criteria:unit", args=["2025", unit.code])


def test_officer_a_sees_the_scorecard_of_commune_a_with_every_criterion(
    client, personas, demo_data
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    response = client.get(scorecard_url(demo_data.commune_a), QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="criterion ') == 10
    stored = Evaluation.objects.get(
        unit=demo_data.commune_a, set_code=demo.SET_CODE, year=demo.YEAR, basis="all"
    )
    assert f"{stored.criteria_met}/{stored.criteria_total}" in html
    assert "Ngưỡng minh hoạ — không phải số liệu chính thức" in html


def test_officer_a_gets_404_for_the_scorecard_of_commune_b(client, personas, demo_data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    assert client.get(scorecard_url(demo_data.commune_b), QUERY).status_code == 404
    url = reverse("criteria:indicator", args=["2025", demo_data.commune_b.code, "3.a"])
    assert client.get(url, QUERY).status_code == 404


def test_the_indicator_fragment_explains_value_threshold_reason_and_source(
    client, personas, demo_data
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    url = reverse("criteria:indicator", args=["2025", demo_data.commune_a.code, "6.a"])
    response = client.get(url, QUERY, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment for htmx
    group = demo_data.commune_a.commune_group
    assert f"mức của xã nhóm {group}" in html
    assert "Ngưỡng minh hoạ" in html
    assert "QĐ 51/2025/QĐ-TTg" in html
    full = client.get(url, QUERY)
    assert "<html" in full.content.decode()


def test_the_province_dashboard_lists_communes_closest_to_the_standard_first(
    client, personas, demo_data
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    response = client.get(scorecard_url(demo_data.province), {**QUERY, "sort": "closest"})
    assert response.status_code == 200
    page = list(response.context["page"])
    assert len(page) == 56
    keys = [(e.meets_standard, e.criteria_total - e.criteria_met) for e in page]
    assert keys == sorted(keys)
    assert 'id="criteria-charts"' in response.content.decode()


def test_the_province_dashboard_runs_a_bounded_number_of_queries(
    client, personas, demo_data, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(scorecard_url(demo_data.province), QUERY)
    assert response.status_code == 200


def test_the_scorecard_runs_a_bounded_number_of_queries(
    client, personas, demo_data, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(scorecard_url(demo_data.commune_a), QUERY)
    assert response.status_code == 200


def test_other_province_approver_cannot_see_cao_bang(client, personas, demo_data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.other_approver)
    assert client.get(scorecard_url(demo_data.province), QUERY).status_code == 404


def test_the_national_view_draws_34_tiles_and_compares_provinces(
    client, personas, demo_data, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.central)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("criteria:national"), QUERY)
    html = response.content.decode()
    assert html.count('class="ptile') == 34
    assert "Tỉnh Cao Bằng" in html
    assert 'id="criteria-provinces"' in html


def test_the_national_view_has_the_province_map_with_34_shares(client, personas, demo_data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.central)
    response = client.get(reverse("criteria:national"), QUERY)
    html = response.content.decode()
    assert 'id="map-provinces"' in html
    assert "criteria/provinces-2025.geojson" in html
    assert "amCharts" in html  # the licence asks for the attribution under the map
    areas = json.loads(re.search(r'id="criteria-map"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert len({area["code"] for area in areas}) == 34
    cao_bang = next(area for area in areas if area["code"] == demo_data.province.code)
    summary = next(
        s for s in response.context["results"]["ranked"] if s.scope_unit.code == cao_bang["code"]
    )
    assert cao_bang["share"] == round(summary.share_meeting, 1)
    assert cao_bang["colour"] == queries.share_colour(summary.share_meeting)
    assert cao_bang["url"].startswith(scorecard_url(demo_data.province) + "?set=")
    assert all(
        area["share"] is None and area["url"] is None
        for area in areas
        if area["code"] not in {"04", "20"}
    )


def test_the_national_view_shows_a_province_approver_only_their_province(
    client, personas, demo_data
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.other_approver)
    response = client.get(reverse("criteria:national"), QUERY)
    assert response.status_code == 200
    assert response.context["results"]["ranked"] == []
    assert response.context["nation"] is None


def test_the_index_sends_each_user_to_their_widest_page(client, personas, demo_data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    assert client.get(reverse("criteria:index"))["Location"] == scorecard_url(demo_data.commune_a)
    client.force_login(personas.approver)
    assert client.get(reverse("criteria:index"))["Location"] == scorecard_url(demo_data.province)
    client.force_login(personas.central)
    assert client.get(reverse("criteria:index"))["Location"] == reverse("criteria:national")


def test_the_thresholds_page_shows_national_and_province_values(
    client, personas, demo_data
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    url = reverse("criteria:thresholds", args=["2025", demo_data.commune_a.code])
    response = client.get(url, QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cao-bang-2026-minh-hoa" in html
    assert "Ngưỡng minh hoạ — không phải số liệu chính thức" in html
    assert "Sửa ngưỡng của tỉnh" not in html  # a commune officer cannot edit


def test_sets_page_and_set_workbook_download(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    assert "xa-ntm-2021-2025" in client.get(reverse("criteria:sets")).content.decode()
    response = client.get(reverse("criteria:set_workbook", args=["xa-ntm-2026-2030"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("criteria:set_workbook", args=["khong-co"])).status_code == 404


def test_the_overlay_workbook_downloads_for_the_commune_in_scope_only(
    client, personas, demo_data
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    own = reverse("criteria:thresholds_workbook", args=["2025", demo_data.commune_a.code])
    assert client.get(own, QUERY).status_code == 200
    other = reverse("criteria:thresholds_workbook", args=["2025", demo_data.commune_b.code])
    assert client.get(other, QUERY).status_code == 404


def test_a_2021_commune_is_scored_against_the_19_criteria(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.places.models import AdminUnit

    old_commune = AdminUnit.objects.filter(
        structure="2021", level="commune", district=units.old_district
    ).order_by("code")[0]
    client.force_login(personas.district_reviewer)
    response = client.get(reverse("criteria:unit", args=["2021", old_commune.code]))
    assert response.status_code == 200
    assert response.context["choice"].set_code == "xa-ntm-2021-2025"
    assert response.content.decode().count('class="criterion ') == 19
    assert client.get(reverse("criteria:index"))["Location"].startswith("/criteria/2021/")


def test_the_cached_province_dashboard_changes_when_results_are_recomputed(
    client, personas, demo_data
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.criteria import services
    from nongthonmoi.criteria.models import IndicatorValue
    from nongthonmoi.places.models import AdminUnit

    client.force_login(personas.approver)
    url = scorecard_url(demo_data.province)
    import re

    def share(html: str) -> str:
        return re.search(r'data-testid="share">([^<]+)<', html).group(1)  # type: ignore[union-attr]

    first = share(client.get(url, QUERY).content.decode())
    assert share(client.get(url, QUERY).content.decode()) == first  # served from the fragment cache
    assert first != "0,0%"
    communes = list(
        AdminUnit.objects.filter(structure="2025", level="commune", province=demo_data.province)
    )
    IndicatorValue.objects.filter(unit__in=communes).update(value="")
    services.do_recompute(communes, QUERY["set"], int(QUERY["year"]))
    services.refresh_summaries({demo_data.province.pk}, QUERY["set"], int(QUERY["year"]))
    assert share(client.get(url, QUERY).content.decode()) == "0,0%"


def test_the_cached_national_view_changes_when_results_are_recomputed(
    client, personas, demo_data
) -> None:  # type: ignore[no-untyped-def]
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nongthonmoi.criteria import services
    from nongthonmoi.criteria.models import IndicatorValue
    from nongthonmoi.places.models import AdminUnit

    client.force_login(personas.central)
    url = reverse("criteria:national")

    def cao_bang(html: str) -> str:
        row = re.search(r'Tỉnh Cao Bằng</a>.*?<td class="num">([^<]+)</td>', html, re.S)
        return row.group(1)  # type: ignore[union-attr]

    first = cao_bang(client.get(url, QUERY).content.decode())
    assert not first.startswith("0/")
    with CaptureQueriesContext(connection) as hit:
        again = client.get(url, QUERY).content.decode()
    assert cao_bang(again) == first
    # served from the cache: the province summaries are not read again
    assert not [q for q in hit.captured_queries if "LIKE" in q["sql"].upper()]
    communes = list(
        AdminUnit.objects.filter(structure="2025", level="commune", province=demo_data.province)
    )
    IndicatorValue.objects.filter(unit__in=communes).update(value="")
    services.do_recompute(communes, QUERY["set"], int(QUERY["year"]))
    assert cao_bang(client.get(url, QUERY).content.decode()).startswith("0/")
