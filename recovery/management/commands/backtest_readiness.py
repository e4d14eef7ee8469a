"""Back-test readiness on PMData-format folders in a throwaway database.

    python manage.py backtest_readiness ../shared/data/pmdata-dev

The folders are imported through the journal's models and the day states computed as for
any athlete, in a test database created for the run and dropped after it: nothing touches
the real database. See recovery/backtest.py for the mapping of scales.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from recovery import backtest


class Command(BaseCommand):
    help = (
        "Import PMData-format folders (pNN/pmsys/wellness.csv, pNN/pmsys/srpe.csv, "
        "pNN/fitbit/sleep_score.csv, pNN/googledocs/reporting.csv) into a throwaway database "
        "and print Spearman's rho of readiness, each part, each item and the Hooper sum "
        "against the readiness the athletes reported (never an input), pooled and within "
        "each athlete, on all days and on each athlete's first and later halves (the weights are "
        "chosen on the first, checked on the later). Scales: PMSys items "
        "1-5 with 5 the best (0 = not answered) become Hooper items 1-7 with 1 the best "
        "(5->1, 4->2, 3->4, 2->6, 1->7); energy is PMSys's mood; reported readiness is 0-10 "
        "(0 = not answered)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder holding pNN/ participant folders")

    def handle(self, *args, folder: str, **options):
        root = Path(folder)
        participants = sorted(p for p in root.glob("p*") if (p / "pmsys").is_dir())
        if not participants:
            raise CommandError(f"No PMData participant folders (pNN/pmsys/) in {root}.")
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        try:
            imported = [backtest.import_folder(path) for path in participants]
            for half, title in backtest.HALVES.items():
                table = backtest.rho_table(imported, half=half)
                self.stdout.write(backtest.format_table(f"## {title}", table))
                self.stdout.write("")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
