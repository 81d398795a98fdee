from django.urls import path

from . import views

app_name = "rounds"
urlpatterns = [
    path("", views.index, name="index"),
    path("open/", views.open_round, name="open"),
    path("notifications/", views.notifications, name="notifications"),
    path("recognitions/", views.recognitions, name="recognitions"),
    path("public/recognitions/", views.public_recognitions, name="public_recognitions"),
    path("recognitions/<int:recognition_id>/withdraw/", views.withdraw, name="withdraw"),
    path("recognitions/<int:recognition_id>/decision/", views.decision_file, name="decision_file"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
    path("imports/<int:job_id>/", views.import_job, name="import_job"),
    path("<int:round_id>/", views.detail, name="detail"),
    path("<int:round_id>/export/", views.export, name="export"),
    path("<int:round_id>/import/", views.upload, name="upload"),
    path("<int:round_id>/bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("<int:round_id>/<str:code>/", views.entry, name="entry"),
    path("<int:round_id>/<str:code>/submit/", views.submit, name="submit"),
    path("<int:round_id>/<str:code>/review/", views.review, name="review"),
    path("<int:round_id>/<str:code>/history/", views.history, name="history"),
    path("<int:round_id>/<str:code>/return/", views.return_report, name="return"),
    path("<int:round_id>/<str:code>/approve/", views.approve, name="approve"),
    path("<int:round_id>/<str:code>/verify/", views.verify, name="verify"),
    path("<int:round_id>/<str:code>/unlock/", views.unlock, name="unlock"),
    path("<int:round_id>/<str:code>/recognise/", views.recognise, name="recognise"),
    path("<int:round_id>/<str:code>/v/<str:indicator>/", views.save_value, name="save_value"),
    path(
        "<int:round_id>/<str:code>/evidence/<str:indicator>/",
        views.add_evidence,
        name="add_evidence",
    ),
]
