from django.contrib import admin
from django.urls import include, path, re_path

from api import errors as api_errors
from api import views as api_views
from api.main import urls as api_urls
from journal import language_views, portability_views, sharing
from journal import urls as journal_urls
from journal import views as journal_views
from journal.password_reset import ThrottledPasswordResetView

urlpatterns = [
    path("", journal_views.home, name="home"),
    path("healthz", journal_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include(journal_urls.account_urlpatterns)),
    path("settings/sharing/", sharing.sharing, name="sharing"),
    path("settings/language/", language_views.language_settings, name="language_settings"),
    # Django's set_language (POST, CSRF-checked): the visitor's language cookie.
    path("i18n/", include("django.conf.urls.i18n")),
    path("settings/sharing/<int:link_id>/access/", sharing.change_access, name="sharing_access"),
    path("settings/sharing/<int:link_id>/revoke/", sharing.revoke, name="sharing_revoke"),
    path("export/", portability_views.export, name="export"),
    path("settings/data/", portability_views.data_settings, name="data_settings"),
    path("settings/data/import/", portability_views.import_journal, name="import_journal"),
    path("settings/data/delete/", portability_views.delete_account, name="delete_account"),
    path("settings/tokens/", api_views.tokens, name="api_tokens"),
    path("settings/tokens/<int:pk>/revoke/", api_views.revoke_token, name="api_token_revoke"),
    path("api/v1/", api_urls()),
    re_path(r"^api/v1/(?P<rest>.*)$", api_errors.not_found_view, name="api_not_found"),
    path("", include("journal.urls")),
    # Before django.contrib.auth.urls, whose unthrottled view has the same address and name.
    path(
        "accounts/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("recovery.urls")),
]
