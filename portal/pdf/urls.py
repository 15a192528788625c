from django.urls import path

from portal.pdf import views

app_name = "pdf"

urlpatterns = [
    path("", views.downloads, name="downloads"),
    path("<int:pk>/", views.download, name="download"),
]
