"""Print an athlete's readiness and findings for a day, with the evidence behind each."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from journal.models import Athlete
from recovery.states import Span, read_states


class Command(BaseCommand):
    help = "Evaluate one athlete's journal: readiness with its parts, and every finding."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--date", help="YYYY-MM-DD; default: the athlete's today")

    def handle(self, *args, username: str, **options):
        date = options.get("date")
        try:
            athlete = Athlete.objects.select_related("user").get(user__username=username)
        except Athlete.DoesNotExist:
            raise CommandError(f"No athlete with the username {username!r}.") from None
        day = parse_day(date) if date else athlete.today()
        result = read_states({athlete: Span(day, day)})[athlete.pk].on(day)
        out = self.stdout
        out.write(f"{athlete.display_name} ({username}) on {day.isoformat()}")
        if result is None:
            out.write("Nothing logged on or before this day.")
            return
        readiness = result.readiness
        if readiness.score is None:
            out.write("Readiness: not available yet")
        else:
            out.write(f"Readiness: {readiness.score}/100 ({readiness.band or 'no band'})")
        if readiness.calibrating:
            out.write(f"  calibrating: {readiness.calibrating_days_left} more days")
        for part in readiness.parts:
            if part.counted:
                out.write(f"  {part.name}: {part.score:.0f}/{part.max_score}  {part.note}")
            else:
                out.write(f"  {part.name}: not in the score  {part.note}")
        if readiness.weakest:
            out.write(f"  pulled down most by: {readiness.weakest}")
        out.write(f"Findings: {len(result.findings)}")
        for finding in result.findings:
            out.write(f"- [{finding.severity}] {finding.code}: {finding.title}")
            out.write(f"    {finding.message}")
            for item in finding.evidence:
                extras = []
                if item.threshold is not None:
                    extras.append(f"threshold {item.threshold}")
                if item.baseline is not None:
                    extras.append(f"baseline {item.baseline}")
                suffix = f" ({', '.join(extras)})" if extras else ""
                out.write(f"    * {item.label}: {item.value} {item.unit}{suffix}".rstrip())
            out.write(f"    guidance: /guidance/{finding.guidance_slug}/")
        for pending in result.pending:
            out.write(f"  waiting: {pending.code} needs {pending.days_needed} more days")


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {text!r}.") from None
