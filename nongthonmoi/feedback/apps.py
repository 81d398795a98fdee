from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "nongthonmoi.feedback"
    label = "feedback"
