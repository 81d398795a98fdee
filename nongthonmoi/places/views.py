from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, get_unit_or_404, units_for

from . import queries
from .forms import UnitAttributesForm
from .models import AdminUnit, Level, Structure
from .services import do_set_unit_attributes


def _structure(request: HttpRequest) -> str:
    value = request.GET.get("map", Structure.NEW)
    return value if value in Structure.values else Structure.NEW


def _top_units(request: HttpRequest, structure: str) -> list[AdminUnit]:
    """The highest units of this map the user may see: provinces, or their own districts/communes."""
    scoped = units_for(request.user).filter(structure=structure)
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        units = list(scoped.filter(level=level).order_by("name"))
        if units:
            return units
    return []


@login_required
def index(request: HttpRequest) -> HttpResponse:
    structure = _structure(request)
    units = _top_units(request, structure)
    counts = (
        queries.child_counts(None, structure) if units and units[0].level == Level.PROVINCE else {}
    )
    rows = [{"unit": u, "counts": counts.get(u.pk, {})} for u in units]
    return render(
        request,
        "places/index.html",
        {
            "structure": structure,
            "structures": Structure.choices,
            "rows": rows,
            "totals": queries.stats(structure) if counts else None,
        },
    )


@login_required
def detail(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, structure, code)
    children = units_for(request.user).filter(parent=unit).order_by("name")
    counts = queries.child_counts(unit, structure)
    page = Paginator(children, 100).get_page(request.GET.get("page"))
    rows = [{"unit": u, "counts": counts.get(u.pk, {})} for u in page]
    visible_ancestors = set(
        units_for(request.user)
        .filter(pk__in=[a.pk for a in unit.ancestors()])
        .values_list("pk", flat=True)
    )
    successors = predecessors = None
    if unit.level == Level.COMMUNE:
        successors = unit.successors.select_related("new") if structure == Structure.OLD else None
        predecessors = (
            unit.predecessors.select_related("old", "old__district", "old__province")
            if structure == Structure.NEW
            else None
        )
    return render(
        request,
        "places/detail.html",
        {
            "unit": unit,
            "rows": rows,
            "page": page,
            "ancestors": [(a, a.pk in visible_ancestors) for a in unit.ancestors()],
            "can_manage": can(request.user, Capability.MANAGE, unit),
            "successors": successors,
            "predecessors": predecessors,
        },
    )


@login_required
def edit_attributes(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, structure, code, Capability.MANAGE)
    form = UnitAttributesForm(request.POST or None, instance=AdminUnit.objects.get(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        do_set_unit_attributes(request.user, unit, changes)
        messages.success(request, _("Đã cập nhật thuộc tính của %(unit)s.") % {"unit": unit.name})
        return redirect("places:detail", structure=structure, code=code)
    return render(request, "places/attributes.html", {"unit": unit, "form": form})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        scoped = units_for(request.user).values("pk")
        results = list(queries.search(query).filter(pk__in=scoped)[:50])
    return render(request, "places/search.html", {"query": query, "results": results})
