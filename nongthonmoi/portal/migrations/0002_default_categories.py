"""The portal's standing categories (editors may add more in the admin)."""

from django.db import migrations

CATEGORIES = [
    ("tin-tuc", "Tin tức - Sự kiện", "Tin hoạt động xây dựng nông thôn mới", 10),
    ("huong-dan", "Hướng dẫn nghiệp vụ", "Hướng dẫn thực hiện bộ tiêu chí, hồ sơ, quy trình", 20),
    ("van-ban", "Văn bản chỉ đạo", "Tin về văn bản pháp lý, chỉ đạo điều hành", 30),
    ("khen-thuong-xu-phat", "Khen thưởng - Xử phạt", "Thi đua, khen thưởng và xử lý vi phạm", 40),
    ("ocop", "OCOP", "Chương trình Mỗi xã một sản phẩm: sản phẩm, chủ thể", 50),
    ("guong-dien-hinh", "Gương điển hình", "Mô hình hay, cách làm sáng tạo", 60),
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    Category = apps.get_model("portal", "Category")
    for slug, name, description, order in CATEGORIES:
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
