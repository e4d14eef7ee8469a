from journal.management.commands.seed_demo import JournalGenerator
from tests.conftest import client_for

# client_for is defined in tests/conftest.py; it is named here too for the tests that import
# it from this module.
__all__ = ["client_for", "fill_journal"]


def fill_journal(athlete, story: str = "strength", weeks: int = 16) -> None:
    """A realistic journal for `athlete` ending on their today (the demo data's generator)."""
    JournalGenerator(athlete, story, weeks=weeks).generate()
