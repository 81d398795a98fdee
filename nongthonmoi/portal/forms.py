from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from .models import Article, Category, Decision, DecisionKind, DocumentType, LegalDocument


class ArticleForm(forms.ModelForm):
    cover_upload = forms.FileField(
        label=_("Ảnh đại diện"),
        required=False,
        help_text=_("JPEG, PNG hoặc WebP; ảnh được thu nhỏ tự động (rộng tối đa 1280 px)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "category",
            "summary",
            "body",
            "cover_caption",
            "cover_alt",
            "tags",
            "byline",
            "source",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16, "class": "rich-text"}),
        }
        help_texts = {
            "body": _(
                "Được dùng các thẻ HTML cơ bản: đoạn văn, đậm, nghiêng, danh sách, bảng, liên kết, ảnh. "
                "Mã script và thuộc tính lạ sẽ bị loại bỏ."
            )
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["category"].queryset = Category.objects.all()  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Hẹn giờ xuất bản"),
        required=False,
        help_text=_("Để trống để xuất bản ngay."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}))


ATTACHMENT_TYPES = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png"]


class AttachmentTypesMixin:
    """Only office documents, PDFs and pictures are accepted as attachments."""

    attachment_field = ""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        field = self.fields[self.attachment_field]  # type: ignore[attr-defined]
        field.validators.append(FileExtensionValidator(ATTACHMENT_TYPES))
        field.help_text = _("PDF, Word, Excel hoặc ảnh.")


class DecisionForm(AttachmentTypesMixin, forms.ModelForm):
    attachment_field = "attachment"

    unit_code = forms.CharField(
        label=_("Mã đơn vị hành chính (bản đồ 2025)"), required=False, max_length=10
    )

    class Meta:
        model = Decision
        fields = ["kind", "number", "signed_on", "issuer", "recipient", "content", "attachment"]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "content": forms.Textarea(attrs={"rows": 4}),
        }


class DocumentForm(AttachmentTypesMixin, forms.ModelForm):
    attachment_field = "file"

    official_url = forms.URLField(
        label=_("Đường dẫn chính thức"), required=False, assume_scheme="https"
    )

    class Meta:
        model = LegalDocument
        fields = [
            "doc_type",
            "number",
            "title",
            "issuer",
            "signed_on",
            "effective_from",
            "effective_until",
            "file",
            "official_url",
        ]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "effective_from": forms.DateInput(attrs={"type": "date"}),
            "effective_until": forms.DateInput(attrs={"type": "date"}),
        }


class DocumentFilter(forms.Form):
    q = forms.CharField(label=_("Tìm văn bản"), required=False)
    doc_type = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + list(DocumentType.choices)
    )
    validity = forms.ChoiceField(
        label=_("Hiệu lực"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("in_force", _("Còn hiệu lực")),
            ("expired", _("Hết hiệu lực")),
        ],
    )


KIND_CHOICES = [("", _("Tất cả"))] + list(DecisionKind.choices)
