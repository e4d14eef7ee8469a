"""Sharing with coaches: the athlete invites, picks the access, changes it or revokes it.

The coach's side (accepting, entering a share code, leaving) lives on /coach/ in
recovery.views.coach, but the rules for links are all here: `accept_code`,
`accept_invitation` and `end_link` change a link for both sides.
"""

import secrets
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from journal import access
from journal.models import Athlete, CoachLink

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(days=7)
# CoachLink.Access's labels, translated (the model keeps its English choices).
ACCESS_CHOICES = [
    (CoachLink.Access.VIEW, gettext_lazy("View dashboards")),
    (CoachLink.Access.MANAGE, gettext_lazy("View and manage targets")),
]


class InviteForm(forms.Form):
    coach = forms.CharField(
        label=gettext_lazy("Coach's username or e-mail"),
        max_length=254,
        help_text=gettext_lazy("They must have an account."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    access = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=ACCESS_CHOICES,
        initial=CoachLink.Access.VIEW,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, athlete: Athlete, **kwargs):
        # Its own ids (invite-access_1): the share-code form on the same page has an `access`
        # radio too, and a shared id made one form's label tick the other form's radio.
        # Only the ids change; the POST names stay "coach" and "access".
        kwargs.setdefault("auto_id", "invite-%s")
        super().__init__(*args, **kwargs)
        self.athlete = athlete

    def clean_coach(self) -> User | None:
        """The coach's account, or None when no account has that name or e-mail. The page
        answers both the same way, so the form can't be used to find out who has an account."""
        text = self.cleaned_data["coach"].strip()
        self.typed = text
        coach = User.objects.filter(Q(username__iexact=text) | Q(email__iexact=text)).first()
        if coach is None:
            return None
        if coach.pk == self.athlete.user_id:
            raise forms.ValidationError(_("You can't be your own coach."))
        if CoachLink.objects.filter(
            athlete=self.athlete,
            coach=coach,
            status__in=[CoachLink.Status.PENDING, CoachLink.Status.ACTIVE],
        ).exists():
            raise forms.ValidationError(_("You already share with this coach, or invited them."))
        return coach


class CodeForm(forms.Form):
    access = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=ACCESS_CHOICES,
        initial=CoachLink.Access.VIEW,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "code-%s")  # not InviteForm's ids: see InviteForm
        super().__init__(*args, **kwargs)


class AccessForm(forms.Form):
    access = forms.ChoiceField(choices=ACCESS_CHOICES)


class EnterCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Share code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",  # also drawn by hand (journal/_input.html) on /coach/
                "autocapitalize": "characters",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, coach: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.coach = coach

    def clean_code(self) -> CoachLink:
        code = self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")
        link = (
            CoachLink.objects.select_related("athlete")
            .filter(share_code=code, status=CoachLink.Status.PENDING, coach=None)
            .first()
        )
        if link is None or link.code_expires_at is None or link.code_expires_at < timezone.now():
            raise forms.ValidationError(
                _("This code is not valid: it may be mistyped, used or expired.")
            )
        if link.athlete.user_id == self.coach.pk:
            raise forms.ValidationError(_("This is your own share code."))
        if CoachLink.objects.filter(
            athlete=link.athlete, coach=self.coach, status=CoachLink.Status.ACTIVE
        ).exists():
            raise forms.ValidationError(_("You already coach this athlete."))
        return link


def new_share_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def accept_code(link: CoachLink, coach: User) -> CoachLink:
    """The coach redeems a share code: the link becomes theirs and active; the code is spent."""
    with transaction.atomic():
        locked = CoachLink.objects.select_for_update().get(pk=link.pk)
        if locked.coach_id is not None or locked.status != CoachLink.Status.PENDING:
            raise forms.ValidationError(_("This code has just been used."))
        locked.coach = coach
        locked.status = CoachLink.Status.ACTIVE
        locked.share_code = None
        locked.accepted_at = timezone.now()
        locked.save()
    return locked


def accept_invitation(link: CoachLink) -> None:
    """The coach accepts the athlete's invitation: the link becomes active."""
    link.status = CoachLink.Status.ACTIVE
    link.accepted_at = timezone.now()
    link.save(update_fields=["status", "accepted_at"])


def end_link(link: CoachLink) -> None:
    """The link ends: the athlete stops sharing, or the coach declines or leaves. Its share
    code, if it has one, no longer works."""
    link.status = CoachLink.Status.REVOKED
    link.share_code = None
    link.ended_at = timezone.now()
    link.save(update_fields=["status", "share_code", "ended_at"])


@login_required
def sharing(request: HttpRequest) -> HttpResponse:
    athlete = access.own_athlete(request.user)
    invite_form = InviteForm(athlete=athlete)
    code_form = CodeForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite":
            invite_form = InviteForm(request.POST, athlete=athlete)
            if invite_form.is_valid():
                coach = invite_form.cleaned_data["coach"]
                if coach is not None:
                    CoachLink.objects.create(
                        athlete=athlete, coach=coach, access=invite_form.cleaned_data["access"]
                    )
                messages.success(
                    request,
                    _(
                        "Invitation sent to %(coach)s, if that is a Rebound account: it waits on"
                        " their Coach page. If they have no account yet, ask them to sign up, or"
                        " give them a share code."
                    )
                    % {"coach": invite_form.typed},
                )
                return redirect("sharing")
            status = 400
        elif action == "code":
            code_form = CodeForm(request.POST)
            if code_form.is_valid():
                CoachLink.objects.create(
                    athlete=athlete,
                    access=code_form.cleaned_data["access"],
                    share_code=new_share_code(),
                    code_expires_at=timezone.now() + CODE_LIFETIME,
                )
                messages.success(
                    request,
                    _("Share code created. Give it to your coach; it works once, for 7 days."),
                )
                return redirect("sharing")
            status = 400
        else:
            status = 400
            messages.error(request, _("Choose what to do: invite a coach or create a code."))
    links = (
        CoachLink.objects.filter(athlete=athlete)
        .exclude(status=CoachLink.Status.REVOKED)
        .select_related("coach")
        .order_by("-created_at")
    )
    now = timezone.now()
    return render(
        request,
        "journal/sharing.html",
        {
            "invite_form": invite_form,
            "code_form": code_form,
            "active": [link for link in links if link.status == CoachLink.Status.ACTIVE],
            "invited": [link for link in links if link.status == "pending" and link.coach_id],
            "codes": [
                link
                for link in links
                if link.share_code and link.code_expires_at and link.code_expires_at > now
            ],
            "access_choices": ACCESS_CHOICES,
        },
        status=status,
    )


@login_required
@require_POST
def change_access(request: HttpRequest, link_id: int) -> HttpResponse:
    link = access.own_link(request.user, link_id)
    form = AccessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose view or manage access."))
        return redirect("sharing")
    link.access = form.cleaned_data["access"]
    link.save(update_fields=["access"])
    access_label = dict(ACCESS_CHOICES)[link.access].lower()
    if link.coach:
        message = _("%(coach)s now has %(access)s access.")
    else:
        message = _("The code now gives %(access)s access.")
    messages.success(
        request, message % {"coach": getattr(link.coach, "username", ""), "access": access_label}
    )
    return redirect("sharing")


@login_required
@require_POST
def revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    link = access.own_link(request.user, link_id)
    end_link(link)
    if link.coach:
        message = _("Stopped sharing: %(coach)s no longer sees your journal.") % {
            "coach": link.coach.username
        }
    else:
        message = _("Stopped sharing: the share code no longer works.")
    messages.success(request, message)
    return redirect("sharing")
