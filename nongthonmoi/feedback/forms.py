from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nongthonmoi.places.models import AdminUnit

from . import rules
from .models import SurveyTemplate


class SurveyForm(forms.Form):
    province = forms.ModelChoiceField(queryset=AdminUnit.objects.none(), label=_("Tỉnh"))
    template = forms.ModelChoiceField(queryset=SurveyTemplate.objects.all(), label=_("Mẫu phiếu"))
    title = forms.CharField(label=_("Tên đợt khảo sát"), max_length=300)
    opens_on = forms.DateField(
        label=_("Mở từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Đóng sau ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    rule_code = forms.ChoiceField(label=_("Quy định về mức hài lòng"))
    one_answer_per_device = forms.BooleanField(
        label=_("Mỗi thiết bị chỉ gửi một phiếu"), required=False
    )
    commune_codes = forms.CharField(
        label=_("Mã các xã (để trống = tất cả các xã của tỉnh)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        self.fields["rule_code"].choices = [
            (r.code, f"{r.title}{'' if r.is_known else ' — chưa rõ ngưỡng'}")
            for r in rules.all_rules().values()
        ]
        today = timezone.localdate()
        self.initial.setdefault("opens_on", today)
        self.initial.setdefault("closes_on", today + dt.timedelta(days=30))
        self.initial.setdefault("rule_code", rules.DEFAULT_RULE)

    def codes(self) -> list[str]:
        raw = self.cleaned_data.get("commune_codes") or ""
        return [c for c in raw.replace(",", " ").split() if c]


class OnlineServiceForm(forms.Form):
    code = forms.CharField(max_length=10)
    provides = forms.BooleanField(required=False)
    description = forms.CharField(max_length=300, required=False)
