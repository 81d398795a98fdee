"""Private files: kept outside MEDIA_ROOT and served only after the caller's permission check.

Evidence, imports, recognition decisions, reports, conference documents, task files and OCOP
dossier documents live under DATA_DIR/private (backed up with the database, see core.backup).
MEDIA_ROOT is for what the public may see (product photos, article images).
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404


class PrivateStorage(FileSystemStorage):
    """Files under DATA_DIR/private, read from settings at each use (tests point it elsewhere)."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.DATA_DIR / "private")

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_file_response(field: Any) -> FileResponse:
    """A private file, after the caller's scope check: PDFs open in the browser, anything else is
    downloaded (never rendered from our origin), and nothing is kept in shared caches."""
    if not field:
        raise Http404
    name = field.name.rsplit("/", 1)[-1]
    try:
        handle = field.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=not name.lower().endswith(".pdf"), filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
