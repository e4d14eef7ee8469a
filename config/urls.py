from django.contrib import admin
from django.urls import include, path

from journal import sharing
from journal import urls as journal_urls
from journal import views as journal_views

urlpatterns = [
    path("", journal_views.home, name="home"),
    path("healthz", journal_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include(journal_urls.account_urlpatterns)),
    path("settings/sharing/", sharing.sharing, name="sharing"),
    path("settings/sharing/<int:link_id>/access/", sharing.change_access, name="sharing_access"),
    path("settings/sharing/<int:link_id>/revoke/", sharing.revoke, name="sharing_revoke"),
    path("", include("journal.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("recovery.urls")),
]
