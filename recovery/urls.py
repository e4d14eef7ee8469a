from django.urls import path

from recovery import views

urlpatterns = [
    path("today/", views.today, name="today"),
    path("coach/", views.coach_roster, name="coach"),
]
