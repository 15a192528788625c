from django.urls import path

from portal.batches import views

app_name = "batches"

urlpatterns = [
    path("", views.batch_list, name="list"),
    path("<slug:slug>/new/", views.new_batch, name="new"),
    path("<slug:slug>/template.<str:kind>", views.template_file, name="template"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/rows/<int:row>/", views.fix_row, name="fix_row"),
    path("<int:pk>/submit/", views.submit_batch, name="submit"),
    path("<int:pk>/rows.<str:kind>", views.export, name="export"),
]
