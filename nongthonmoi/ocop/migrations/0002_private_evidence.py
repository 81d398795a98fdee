# OCOP evidence documents move out of MEDIA_ROOT (published by the web server) into
# DATA_DIR/private, served only by the scope-checked `ocop:evidence_file` view.

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import nongthonmoi.rounds.models


def move_existing_files(apps, schema_editor):
    """Files uploaded before this migration keep their names; they are moved, not copied."""
    media = Path(settings.MEDIA_ROOT)
    private = Path(settings.DATA_DIR) / "private"
    model = apps.get_model("ocop", "EvidenceDocument")
    for name in model.objects.exclude(file="").values_list("file", flat=True):
        source, target = media / name, private / name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(target))


class Migration(migrations.Migration):
    dependencies = [
        ("ocop", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="evidencedocument",
            name="file",
            field=models.FileField(
                storage=nongthonmoi.rounds.models.private_storage,
                upload_to="ocop/evidence/%Y/",
                verbose_name="tệp",
            ),
        ),
        migrations.RunPython(move_existing_files, migrations.RunPython.noop),
    ]
