from django.urls import path

from journal import views

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("settings/", views.profile_settings, name="settings"),
]
