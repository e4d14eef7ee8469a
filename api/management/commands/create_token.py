"""`manage.py create_token USERNAME --name NAME --scope read|write`: print a new token."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken


class Command(BaseCommand):
    help = "Make a personal access token for the API and print it (it is not shown again)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What uses the token.")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)

    def handle(self, *args, username: str, name: str, scope: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        token = ApiToken(user=user, name=name.strip(), scope=scope)
        try:
            token.clean_fields(exclude=["user", "prefix", "secret_hash"])
        except Exception as error:
            raise CommandError(
                f"Bad --name: {'; '.join(getattr(error, 'messages', [str(error)]))}"
            ) from None
        if not token.name:
            raise CommandError("Give the token a --name.")
        _, secret = ApiToken.create_for(user, token.name, scope)
        self.stdout.write(secret)
