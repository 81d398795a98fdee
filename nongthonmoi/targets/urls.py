from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.index, name="index"),
    path("national/", views.national, name="national"),
    path("values/", views.values, name="values"),
    path("values/import/", views.values_import, name="values_import"),
    path("override/", views.override, name="override"),
    path("training/", views.training, name="training"),
    path("training/<int:pk>/", views.course, name="course"),
    path("conferences/", views.conferences, name="conferences"),
    path("conferences/<int:pk>/", views.conference, name="conference"),
    path("conferences/<int:pk>/tasks/", views.conference_add_task, name="conference_add_task"),
    path(
        "conferences/<int:pk>/conclusions/",
        views.conference_add_conclusion,
        name="conference_add_conclusion",
    ),
    path(
        "conferences/<int:pk>/documents/",
        views.conference_add_document,
        name="conference_add_document",
    ),
    path(
        "conferences/documents/<int:pk>/",
        views.conference_document,
        name="conference_document",
    ),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/export.xlsx", views.tasks_xlsx, name="tasks_xlsx"),
    path("tasks/export.pdf", views.tasks_pdf, name="tasks_pdf"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("tasks/updates/<int:pk>/file/", views.task_file, name="task_file"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("timeline/", views.timeline, name="timeline"),
    path("<str:structure>/<str:code>/", views.board, name="board"),
    path("<str:structure>/<str:code>/export.xlsx", views.board_xlsx, name="board_xlsx"),
    path("<str:structure>/<str:code>/export.pdf", views.board_pdf, name="board_pdf"),
    path("<str:structure>/<str:code>/<str:target_code>/", views.drill, name="drill"),
]
