from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from nongthonmoi.places.models import AdminUnit, Level

from .models import Programme, Target, TaskState, Topic

# Conference documents and task progress files: documents and photos, never HTML or scripts.
ATTACHMENT_TYPES = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png"]


def attachment_field(label: str, required: bool) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        validators=[FileExtensionValidator(ATTACHMENT_TYPES)],
        help_text=_("PDF, Word, Excel hoặc ảnh."),
    )


class DateInput(forms.DateInput):
    input_type = "date"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return f"{obj.name} ({obj.code})"


class ValueForm(forms.Form):
    target = forms.ModelChoiceField(
        Target.objects.filter(computed_source=""), label=_("Chỉ tiêu"), to_field_name="code"
    )
    unit = UnitChoiceField(AdminUnit.objects.none(), label=_("Đơn vị"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Giá trị"), required=False, max_digits=18, decimal_places=4)
    numerator = forms.DecimalField(
        label=_("Tử số"), required=False, max_digits=18, decimal_places=4
    )
    denominator = forms.DecimalField(
        label=_("Mẫu số"), required=False, max_digits=18, decimal_places=4
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
    structure = forms.ChoiceField(
        label=_("Bản đồ hành chính"),
        choices=[("2025", _("từ 1/7/2025")), ("2021", _("2021–2025"))],
        initial="2025",
    )


class OverrideForm(forms.Form):
    target = forms.ModelChoiceField(Target.objects.all(), label=_("Chỉ tiêu"), to_field_name="code")
    province = UnitChoiceField(AdminUnit.objects.none(), label=_("Tỉnh"))
    target_value = forms.DecimalField(label=_("Giá trị chỉ tiêu của tỉnh"), max_digits=14)
    target_year = forms.IntegerField(label=_("Năm đích"), min_value=2000, max_value=2100)
    baseline = forms.DecimalField(label=_("Giá trị cơ sở"), required=False, max_digits=14)
    baseline_year = forms.IntegerField(label=_("Năm cơ sở"), required=False)
    tolerance = forms.DecimalField(label=_("Ngưỡng cảnh báo"), required=False, max_digits=14)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=80)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DateInput)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]


class ConferenceForm(forms.Form):
    title = forms.CharField(label=_("Tên hội nghị, cuộc họp"), max_length=400)
    held_on = forms.DateField(label=_("Ngày họp"), widget=DateInput)
    chair = forms.CharField(label=_("Chủ trì"), max_length=300)
    is_online = forms.BooleanField(label=_("Họp trực tuyến"), required=False)
    unit = UnitChoiceField(AdminUnit.objects.none(), label=_("Đơn vị ghi nhận"))
    bridge_points = forms.ModelMultipleChoiceField(
        AdminUnit.objects.none(),
        label=_("Điểm cầu (tỉnh)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    attendees = forms.CharField(
        label=_("Thành phần dự"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label=_("Nội dung chính"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conclusions = forms.CharField(
        label=_("Kết luận (mỗi dòng một kết luận)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["bridge_points"].queryset = AdminUnit.objects.filter(  # type: ignore[attr-defined]
            level=Level.PROVINCE, structure="2025"
        ).order_by("name")


class TaskForm(forms.Form):
    conclusion = forms.ModelChoiceField(
        queryset=None,
        label=_("Theo kết luận"),
        required=False,  # type: ignore[arg-type]
    )
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=400)
    assignee_org = forms.CharField(label=_("Cơ quan, đơn vị thực hiện"), max_length=300)
    assignee_unit = UnitChoiceField(AdminUnit.objects.none(), label=_("Thuộc đơn vị hành chính"))
    owner = forms.CharField(
        label=_("Người phụ trách (tên đăng nhập)"), required=False, max_length=150
    )
    start_date = forms.DateField(label=_("Ngày bắt đầu"), widget=DateInput)
    deadline = forms.DateField(label=_("Thời hạn"), widget=DateInput)
    targets = forms.ModelMultipleChoiceField(
        Target.objects.all(),
        label=_("Chỉ tiêu liên quan"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args: Any, conclusions: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conclusion"].queryset = conclusions  # type: ignore[attr-defined]
        self.fields["assignee_unit"].queryset = units  # type: ignore[attr-defined]


class TaskUpdateForm(forms.Form):
    state = forms.ChoiceField(label=_("Trạng thái"), choices=TaskState.choices)
    note = forms.CharField(label=_("Ghi chú tiến độ"), widget=forms.Textarea(attrs={"rows": 2}))
    file = attachment_field(_("Tệp đính kèm"), required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300, required=False)
    file = attachment_field(_("Tệp"), required=True)


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 2}))


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Tên lớp"), max_length=300)
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=Topic.choices)
    programme = forms.ModelChoiceField(
        Programme.objects.all(), label=_("Chương trình"), required=False
    )
    start_date = forms.DateField(label=_("Từ ngày"), widget=DateInput)
    end_date = forms.DateField(label=_("Đến ngày"), widget=DateInput)
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=300)
    unit = UnitChoiceField(AdminUnit.objects.none(), label=_("Địa bàn"))
    participants = forms.FileField(label=_("Danh sách học viên (.xlsx)"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ParticipantsForm(forms.Form):
    file = forms.FileField(label=_("Danh sách học viên (.xlsx)"))


class DenominatorForm(forms.Form):
    commune = UnitChoiceField(AdminUnit.objects.none(), label=_("Xã"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    tourism_businesses = forms.IntegerField(label=_("Số cơ sở du lịch nông thôn"), min_value=0)
    tourism_workers = forms.IntegerField(label=_("Số lao động du lịch nông thôn"), min_value=0)
    security_force = forms.IntegerField(label=_("Số người lực lượng an ninh cơ sở"), min_value=0)

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
