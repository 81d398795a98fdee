# Conference documents and task progress files move out of MEDIA_ROOT (published by the web
# server) into DATA_DIR/private, served only by permission-checked views.

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import nongthonmoi.targets.models


def move_existing_files(apps, schema_editor):
    """Files uploaded before this migration keep their names; they are moved, not copied."""
    media = Path(settings.MEDIA_ROOT)
    private = Path(settings.DATA_DIR) / "private"
    for model_name in ("ConferenceDocument", "TaskUpdate"):
        model = apps.get_model("targets", model_name)
        for name in model.objects.exclude(file="").values_list("file", flat=True):
            source, target = media / name, private / name
            if source.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(source), str(target))


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="conferencedocument",
            name="file",
            field=models.FileField(
                storage=nongthonmoi.targets.models.private_storage,
                upload_to="targets/conferences/%Y/",
            ),
        ),
        migrations.AlterField(
            model_name="taskupdate",
            name="file",
            field=models.FileField(
                blank=True,
                storage=nongthonmoi.targets.models.private_storage,
                upload_to="targets/tasks/%Y/",
            ),
        ),
        migrations.RunPython(move_existing_files, migrations.RunPython.noop),
    ]
