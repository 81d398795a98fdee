"""Write the shipped catalogue (data/programmes.yaml) into the database; idempotent."""

from __future__ import annotations

from django.db import transaction

from .catalogue import Catalogue, load_catalogue
from .models import Programme, Target


@transaction.atomic
def sync_catalogue(catalogue: Catalogue | None = None) -> list[str]:
    catalogue = catalogue or load_catalogue()
    created = updated = 0
    for p_order, spec in enumerate(catalogue.programmes):
        programme, _ = Programme.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "theme": spec.theme,
                "legal_basis": spec.legal_basis,
                "order": p_order,
            },
        )
        for t_order, t in enumerate(spec.targets):
            defaults = {
                "programme": programme,
                "text": t.text,
                "unit_label": t.unit,
                "direction": t.direction.value,
                "baseline": t.baseline,
                "baseline_year": t.baseline_year,
                "target_value": t.target_value,
                "target_year": t.target_year,
                "level": t.level.value,
                "aggregation": t.aggregation.value,
                "scale": t.value_scale,
                "meets_at_least": t.meets_at_least,
                "computed_source": t.computed,
                "tolerance": t.tolerance,
                "regional_targets": (
                    {
                        "source": t.by_region.source,
                        "status": t.by_region.status.value,
                        "values": {k: str(v) for k, v in t.by_region.values.items()},
                    }
                    if t.by_region
                    else {}
                ),
                "source": t.source,
                "source_status": t.status.value,
                "order": t_order,
            }
            _, was_created = Target.objects.update_or_create(code=t.code, defaults=defaults)
            created += was_created
            updated += not was_created
    return [f"targets: {created} created, {updated} refreshed from programmes.yaml"]
