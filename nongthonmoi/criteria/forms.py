from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OverlayMetaForm(forms.Form):
    """The legal part of a new overlay version; thresholds come from the table cells."""

    decision_number = forms.CharField(
        label=_("Số quyết định của tỉnh"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: 12/2026/QĐ-UBND. Bắt buộc, trừ khi đây là ngưỡng minh hoạ."),
    )
    decision_date = forms.DateField(
        label=_("Ngày quyết định"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    illustrative = forms.BooleanField(
        label=_("Ngưỡng minh hoạ (không phải số liệu chính thức)"), required=False
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverlayImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("Tệp Excel (.xlsx) bộ tiêu chí của tỉnh"),
        help_text=_("Tải tệp mẫu ở trang ngưỡng, sửa trang “Chỉ tiêu”, rồi tải lên."),
    )

    def clean_workbook(self) -> object:
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        return upload
