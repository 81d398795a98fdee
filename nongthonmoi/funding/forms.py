"""Forms of the funding pages (labels in Vietnamese; money as whole đồng, dots allowed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MobilisationForm, MobilisationSource
from .planning import parse_money


class MoneyField(forms.CharField):
    """Whole đồng; accepts '1.500.000.000' as written in Vietnamese."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_money(text)
        except ValueError:
            raise forms.ValidationError(_("Hãy nhập số nguyên đồng, ví dụ 1.500.000.")) from None


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DisbursementForm(forms.Form):
    date = forms.DateField(label=_("Ngày giải ngân"), widget=DATE_WIDGET)
    amount = MoneyField(label=_("Số tiền (đồng)"))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class DisbursementImportForm(forms.Form):
    file = forms.FileField(label=_("Báo cáo giải ngân (.xlsx)"))


class MobilisationEntryForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2010, max_value=2100)
    source = forms.ChoiceField(label=_("Nguồn"), choices=MobilisationSource.choices)
    form = forms.ChoiceField(label=_("Hình thức"), choices=MobilisationForm.choices)
    amount = MoneyField(label=_("Giá trị (đồng)"))
    description = forms.CharField(label=_("Nội dung"), max_length=300, required=False)


class SaveDecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)
    plan = forms.CharField(widget=forms.HiddenInput)


class ProvincialRuleForm(forms.Form):
    resolution_number = forms.CharField(label=_("Số nghị quyết HĐND"), max_length=100)
    resolution_date = forms.DateField(label=_("Ngày nghị quyết"), widget=DATE_WIDGET)
    text = forms.CharField(
        label=_("Nội dung quy định (YAML)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
    )


class PublishForm(forms.Form):
    year = forms.IntegerField(min_value=2010, max_value=2100)
    action = forms.ChoiceField(choices=[("publish", "publish"), ("withdraw", "withdraw")])
