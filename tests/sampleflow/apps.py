from django.apps import AppConfig


class SampleflowConfig(AppConfig):
    name = "tests.sampleflow"
    label = "sampleflow"
    verbose_name = "Sample workflow (tests only)"
