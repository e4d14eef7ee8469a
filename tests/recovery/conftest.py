from django.test import Client

from journal.management.commands.seed_demo import JournalGenerator


def fill_journal(athlete, story: str = "strength", weeks: int = 16) -> None:
    """A realistic journal for `athlete` ending on their today (the demo data's generator)."""
    JournalGenerator(athlete, story, weeks=weeks).generate()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
