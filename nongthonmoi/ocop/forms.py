from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import procedure, queries
from .models import COMMUNE_CHECK_FIELDS, Dossier, DossierKind, Producer, Product
from .services import EVIDENCE_TYPES

YES_NO = [("yes", _("Đạt")), ("no", _("Không đạt"))]


class ProducerForm(forms.ModelForm):
    class Meta:
        model = Producer
        fields = [
            "name",
            "kind",
            "tax_code",
            "legal_representative",
            "representative_is_woman",
            "representative_is_ethnic_minority",
            "representative_has_disability",
            "address",
            "phone",
            "email",
        ]


def _set_choices() -> list[tuple[Any, str]]:
    return [("", "—")] + [
        (n, f"{n}. {name} (nhóm {group})") for n, name, group in queries.product_sets()
    ]


class ProductForm(forms.ModelForm):
    set_number = forms.TypedChoiceField(label=_("Bộ sản phẩm (Phụ lục I)"), coerce=int)
    shop_links_text = forms.CharField(
        label=_("Gian hàng thương mại điện tử"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng: tên sàn | địa chỉ, ví dụ: Shopee | https://shopee.vn/…"),
    )

    class Meta:
        model = Product
        fields = ["name", "set_number", "description", "packaging", "traceability_code"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    field_order = [
        "name",
        "set_number",
        "description",
        "packaging",
        "traceability_code",
        "shop_links_text",
        "points_of_sale",
    ]

    points_of_sale = forms.CharField(
        label=_("Điểm bán"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["set_number"].choices = _set_choices()
        if self.instance.pk:
            self.fields["shop_links_text"].initial = "\n".join(
                f"{link.get('label', '')} | {link.get('url', '')}"
                for link in self.instance.shop_links
            )
            self.fields["points_of_sale"].initial = self.instance.points_of_sale

    def clean_shop_links_text(self) -> list[dict[str, str]]:
        links = []
        for line in self.cleaned_data["shop_links_text"].splitlines():
            if not line.strip():
                continue
            label, _sep, url = line.partition("|")
            if not _sep:
                label, url = "", label
            links.append({"label": label.strip() or url.strip(), "url": url.strip()})
        return links

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["shop_links"] = self.cleaned_data["shop_links_text"]
        data["points_of_sale"] = self.cleaned_data["points_of_sale"]
        return data


class PhotoForm(forms.Form):
    photo = forms.ImageField(label=_("Ảnh sản phẩm"))
    caption = forms.CharField(label=_("Chú thích"), required=False, max_length=200)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300)
    kind = forms.CharField(
        label=_("Loại"),
        required=False,
        max_length=100,
        help_text=_("Ví dụ: Giấy chứng nhận ATTP, Phiếu kiểm nghiệm, Đăng ký nhãn hiệu"),
    )
    file = forms.FileField(
        label=_("Tệp"),
        validators=[
            FileExtensionValidator(
                EVIDENCE_TYPES,
                message=_(
                    "Không nhận tệp “%(extension)s”: chỉ nhận PDF, Word, Excel, OpenDocument, "
                    "JPEG hoặc PNG."
                ),
            )
        ],
        help_text=_("PDF, Word, Excel, OpenDocument, JPEG hoặc PNG; tối đa 20 MB."),
    )
    valid_until = forms.DateField(
        label=_("Hiệu lực đến"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DossierForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại hồ sơ"), choices=DossierKind.choices)
    self_assessment = forms.CharField(
        label=_("Báo cáo tự đánh giá (Mẫu 02)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    evidence = forms.MultipleChoiceField(
        label=_("Tài liệu minh chứng (dùng lại từ thư viện)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, producer: Producer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [
            (str(d.pk), f"{d.title}{' (' + d.kind + ')' if d.kind else ''}")
            for d in producer.evidence.all()
        ]


class CommuneCheckForm(forms.Form):
    note = forms.CharField(
        label=_("Nhận xét của xã (Mẫu 03)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in COMMUNE_CHECK_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=capfirst(Dossier._meta.get_field(name).verbose_name),
                choices=YES_NO,
                widget=forms.RadioSelect,
            )
        self.order_fields([*COMMUNE_CHECK_FIELDS, "note"])

    def checks(self) -> dict[str, bool]:
        return {name: self.cleaned_data[name] == "yes" for name in COMMUNE_CHECK_FIELDS}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Nội dung cần bổ sung, chỉnh sửa"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Tên phiên họp"), max_length=200)
    held_on = forms.DateField(label=_("Ngày họp"), widget=forms.DateInput(attrs={"type": "date"}))
    members = forms.MultipleChoiceField(
        label=_("Thành viên chấm điểm"), widget=forms.CheckboxSelectMultiple
    )
    dossiers = forms.MultipleChoiceField(
        label=_("Hồ sơ xã đã đề nghị"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, members: list[Any], dossiers: list[Dossier], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(str(u.pk), str(u)) for u in members]
        self.fields["dossiers"].choices = [
            (str(d.pk), f"{d.product.name} — {d.commune.name} ({d.get_kind_display()})")
            for d in dossiers
        ]


class CloseSessionForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Số quyết định công nhận của UBND tỉnh"),
        max_length=60,
        help_text=_("Ví dụ: 1234/QĐ-UBND"),
    )
    decided_on = forms.DateField(
        label=_("Ngày quyết định"), widget=forms.DateInput(attrs={"type": "date"})
    )
    minutes_note = forms.CharField(
        label=_("Kết luận của Hội đồng (ghi vào biên bản)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    MAIN_FIELDS = ("decision_number", "decided_on", "minutes_note")

    def __init__(
        self, *args: Any, rejectable: Sequence[tuple[Dossier, list[Any]]] = (), **kwargs: Any
    ) -> None:
        """`rejectable`: each dossier of the session with its `services.rejection_conditions`;
        a dossier whose sheet prints none gets no "bị loại" choice."""
        super().__init__(*args, **kwargs)
        self.rejection_rows: list[dict[str, Any]] = []
        rejected = str(_("Bị loại"))
        for dossier, conditions in rejectable:
            if not conditions:
                continue
            choice = f"reject_{dossier.pk}"
            reason = f"reject_reason_{dossier.pk}"
            self.fields[choice] = forms.ChoiceField(
                label=_("Kết luận về hồ sơ"),
                required=False,
                initial="",
                choices=[
                    ("", _("Không loại: xếp hạng theo điểm trung bình")),
                    *((c.key, f"{rejected}: {c.text} ({c.citation})") for c in conditions),
                ],
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _(
                        "Điều kiện bị loại không hợp lệ: chọn một điều kiện in trong phiếu "
                        "đánh giá của sản phẩm."
                    )
                },
            )
            self.fields[reason] = forms.CharField(
                label=_("Lý do loại hồ sơ (bắt buộc khi chọn bị loại)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rejection_rows.append({"dossier": dossier, "choice": choice, "reason": reason})

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.MAIN_FIELDS]

    def rejection_fields(self) -> list[dict[str, Any]]:
        return [
            {
                "dossier": row["dossier"],
                "choice": self[row["choice"]],
                "reason": self[row["reason"]],
            }
            for row in self.rejection_rows
        ]

    def close_data(self) -> dict[str, Any]:
        """Keyword arguments of `services.do_close_session`."""
        data = {name: self.cleaned_data[name] for name in self.MAIN_FIELDS}
        data["rejections"] = {
            row["dossier"].pk: {
                "condition": self.cleaned_data.get(row["choice"]) or "",
                "reason": self.cleaned_data.get(row["reason"]) or "",
            }
            for row in self.rejection_rows
        }
        return data


class CentralResultForm(forms.Form):
    """The central level's result of a dossier forwarded at ≥ 90 points (Điều 7.4)."""

    stars = forms.TypedChoiceField(
        label=_("Kết quả"),
        coerce=int,
        choices=[
            (5, _("5 sao — Bộ trưởng Bộ Nông nghiệp và Môi trường công nhận")),
            (4, _("4 sao — dưới 90 điểm, UBND tỉnh công nhận theo kết quả cấp trung ương")),
            (3, _("3 sao — dưới 90 điểm, UBND tỉnh công nhận theo kết quả cấp trung ương")),
            (0, _("Không công nhận")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Chọn kết quả: 5 sao, 4 sao, 3 sao hoặc không công nhận."),
            "invalid_choice": _(
                "Hạng sao không hợp lệ: chọn 5 sao, 4 sao, 3 sao hoặc không công nhận."
            ),
        },
    )
    decision_number = forms.CharField(
        label=_("Số quyết định hoặc văn bản thông báo kết quả"),
        max_length=60,
        help_text=_(
            "5 sao: quyết định của Bộ trưởng (ví dụ 1234/QĐ-BNNMT); 3–4 sao: quyết định của "
            "Chủ tịch UBND tỉnh; không công nhận: văn bản thông báo của Bộ."
        ),
        error_messages={
            "required": _("Thiếu số quyết định hoặc văn bản thông báo kết quả."),
            "max_length": _("Số quyết định dài tối đa 60 ký tự."),
        },
    )
    decision_date = forms.DateField(
        label=_("Ngày quyết định"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Giấy chứng nhận có giá trị 36 tháng kể từ ngày này (Điều 4.3)."),
        error_messages={
            "required": _("Thiếu ngày quyết định."),
            "invalid": _(
                "Ngày quyết định không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 15/09/2026."
            ),
        },
    )
    note = forms.CharField(
        label=_("Ghi chú (bắt buộc khi không công nhận: lý do theo thông báo của Bộ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RevokeForm(forms.Form):
    ground = forms.ChoiceField(label=_("Căn cứ thu hồi (Điều 8)"))
    detail = forms.CharField(
        label=_("Lý do cụ thể"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grounds = procedure.load_procedure().revocation_grounds
        self.fields["ground"].choices = [(g, g) for g in grounds]

    def reason(self) -> str:
        detail = self.cleaned_data["detail"].strip()
        return self.cleaned_data["ground"] + (f": {detail}" if detail else "")


class CatalogueFilter(forms.Form):
    q = forms.CharField(label=_("Tìm sản phẩm"), required=False)
    province = forms.ChoiceField(label=_("Tỉnh"), required=False)
    group = forms.ChoiceField(label=_("Nhóm"), required=False)
    set = forms.TypedChoiceField(
        label=_("Bộ sản phẩm"), required=False, coerce=int, empty_value=None
    )
    stars = forms.TypedChoiceField(
        label=_("Hạng sao"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), (3, "3★"), (4, "4★"), (5, "5★")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—")] + [
            (u.code, u.name) for u in queries.catalogue_provinces()
        ]
        self.fields["group"].choices = [("", "—")] + [
            (code, f"{code}. {name}") for code, name in queries.groups()
        ]
        self.fields["set"].choices = _set_choices()
