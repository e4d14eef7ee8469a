"""Personal access tokens for the API, and the answers kept for idempotent writes."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone

from journal.validators import text_problem, validate_text

TOKEN_PREFIX = "rb_"
# The page shows when a token was last used to the minute; writing it on every request
# would add a write to every read.
LAST_USED_PRECISION = timedelta(minutes=1)
IDEMPOTENCY_WINDOW = timedelta(hours=24)


def hash_secret(secret: str) -> str:
    """The stored form of a token: SHA-256 is enough for 256 random bits, which no one can
    guess, unlike a password, so lookups stay one indexed query."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def for_secret(self, secret: str) -> "ApiToken | None":
        """The active token with this secret, with its user and their athlete profile."""
        if not secret or len(secret) > 200 or text_problem(secret):
            return None
        return (
            self.active()
            .select_related("user", "user__athlete")
            .filter(secret_hash=hash_secret(secret))
            .first()
        )

    def own(self, user, pk: int) -> "ApiToken":
        """One of the user's own tokens, or 404: a token is its owner's alone."""
        try:
            return self.get(user=user, pk=pk)
        except (self.model.DoesNotExist, ValueError, OverflowError):
            raise Http404 from None


class ApiToken(models.Model):
    """A personal access token: named, read or read-write, revocable. Only a hash of the
    secret is stored; the secret is shown once, when the token is made."""

    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, validators=[validate_text])
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(
        max_length=12, help_text="The first characters of the token, to tell tokens apart."
    )
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def create_for(cls, user, name: str, scope: str) -> tuple["ApiToken", str]:
        """A new token for `user` and its secret, which is not kept anywhere."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            scope=scope,
            prefix=secret[:10],
            secret_hash=hash_secret(secret),
        )
        return token, secret

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def mark_used(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class IdempotentRequest(models.Model):
    """A write sent with an Idempotency-Key and the answer it got, kept 24 hours: the same
    key and request again get that answer, and nothing is written twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the method, the path and the body."
    )
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_request_per_key"),
        ]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.status_code})"

    @classmethod
    def claim(
        cls, user, key: str, fingerprint: str
    ) -> tuple["IdempotentRequest | None", "IdempotentRequest | None"]:
        """(a new row for this key, None), or (None, the row an earlier request left).

        Inside the caller's transaction: the new row commits with the write, or goes with it.
        A second request with the same key at the same moment waits on the unique key
        (PostgreSQL) until the first commits, then finds its row."""
        cls.objects.filter(user=user, created_at__lt=timezone.now() - IDEMPOTENCY_WINDOW).delete()
        try:
            with transaction.atomic():
                return cls.objects.create(user=user, key=key, fingerprint=fingerprint), None
        except IntegrityError:
            return None, cls.objects.get(user=user, key=key)
