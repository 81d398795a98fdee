from __future__ import annotations

from django import forms

from .models import AdminUnit
from .services import ATTRIBUTE_FIELDS


class UnitAttributesForm(forms.ModelForm):
    class Meta:
        model = AdminUnit
        fields = ATTRIBUTE_FIELDS
