"""The password-reset page, with limits on the e-mails it sends (config.throttle)."""

import logging

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse, HttpResponseRedirect

from config import throttle
from config.middleware import client_ip
from journal.language import override_for

logger = logging.getLogger("rebound.throttle")


class LocalizedPasswordResetForm(PasswordResetForm):
    """Django's form, writing each e-mail in its account's saved language."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with override_for(context["user"]):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, sending at most 3 e-mails an hour to one address and 10 an hour
    for one client. Over a limit it sends nothing and answers as if it had sent (the same
    redirect to the "done" page), so the limit cannot tell whether an account has the address.
    Every valid request counts, for an address with an account or without."""

    form_class = LocalizedPasswordResetForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        client = client_ip(self.request) or ""
        exceeded = throttle.count_attempt(
            (throttle.PASSWORD_RESETS_PER_EMAIL, form.cleaned_data["email"].casefold()),
            (throttle.PASSWORD_RESETS_PER_ADDRESS, client),
        )
        if exceeded is None:
            return super().form_valid(form)
        logger.warning(
            "Password-reset e-mail not sent: limit %s reached (client %s)", exceeded.name, client
        )
        return HttpResponseRedirect(self.get_success_url())
