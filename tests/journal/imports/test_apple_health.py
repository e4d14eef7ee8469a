"""Apple Health's export.xml, written from the layout the Health app exports (a HealthData
root with its DTD, Record and Workout elements) and Apple's HealthKit type identifiers:
HKCategoryTypeIdentifierSleepAnalysis with the HKCategoryValueSleepAnalysis values,
HKQuantityTypeIdentifierHeartRateVariabilitySDNN (ms), …RestingHeartRate (count/min),
…BodyMass (kg or lb), and HKWorkoutActivityType values with their WorkoutStatistics."""

import io
import zipfile
from datetime import date, timedelta

import pytest

from journal.models import SleepEntry, WeighIn, Workout
from tests.factories import SleepEntryFactory
from tests.journal.imports.conftest import batch_of, error_of, import_file, upload

pytestmark = pytest.mark.django_db

DTD = """<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT Record (MetadataEntry|HeartRateVariabilityMetadataList)*>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED
  sourceName CDATA #REQUIRED startDate CDATA #REQUIRED endDate CDATA #REQUIRED>
]>"""


def record(kind: str, start: str, end: str | None = None, value: str = "", unit: str = "") -> str:
    return (
        f'<Record type="{kind}" sourceName="Watch" unit="{unit}" creationDate="{start}" '
        f'startDate="{start}" endDate="{end or start}" value="{value}"/>'
    )


def export(days: int = 3, first: date = date(2025, 1, 10)) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', DTD, '<HealthData locale="en_GB">',
             '<ExportDate value="2025-02-01 09:00:00 +0000"/>',
             '<Me HKCharacteristicTypeIdentifierDateOfBirth=""/>']  # fmt: skip
    for n in range(days):
        evening, morning = first + timedelta(days=n), first + timedelta(days=n + 1)
        core = "HKCategoryValueSleepAnalysisAsleepCore"
        sleep = "HKCategoryTypeIdentifierSleepAnalysis"
        parts += [
            record(sleep, f"{evening} 23:00:00 +0000", f"{morning} 01:30:00 +0000", core),
            record(sleep, f"{morning} 01:40:00 +0000", f"{morning} 06:45:00 +0000", core),
            record(sleep, f"{morning} 14:00:00 +0000", f"{morning} 14:40:00 +0000", core),  # nap
            record(
                "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
                f"{morning} 03:00:00 +0000",
                value=str(40 + n),
                unit="ms",
            ),  # fmt: skip
            record(
                "HKQuantityTypeIdentifierHeartRateVariabilitySDNN",
                f"{morning} 07:30:00 +0000",
                value=str(50 + n),
                unit="ms",
            ),  # fmt: skip
            record(
                "HKQuantityTypeIdentifierRestingHeartRate",
                f"{morning} 00:00:00 +0000",
                f"{morning} 23:59:00 +0000",
                "52",
                "count/min",
            ),  # fmt: skip
            record("HKQuantityTypeIdentifierStepCount", f"{morning} 10:00:00 +0000", value="900"),
        ]
    parts += [
        record(
            "HKQuantityTypeIdentifierBodyMass", f"{first} 07:00:00 +0000", value="176.4", unit="lb"
        ),
        '<Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="32.5" '
        'durationUnit="min" sourceName="Watch" startDate="2025-01-11 17:00:00 +0000" '
        'endDate="2025-01-11 17:32:30 +0000">'
        '<WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="151" '
        'minimum="90" maximum="172" unit="count/min"/>'
        '<WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="3.1" '
        'unit="mi"/></Workout>',
        '<Workout workoutActivityType="HKWorkoutActivityTypeTraditionalStrengthTraining" '
        'duration="0.8" durationUnit="hr" sourceName="Watch" '
        'startDate="2025-01-12 18:00:00 +0000" endDate="2025-01-12 18:48:00 +0000"/>',
        "</HealthData>",
    ]
    return "\n".join(parts).encode()


def test_nights_hrv_resting_hr_weigh_ins_and_workouts(athlete, athlete_client):
    batch = import_file(athlete_client, export(), "export.xml")
    assert batch.source == "apple_health"
    counts = batch.counts
    assert (counts["nights"], counts["hrv_days"], counts["weigh_ins"], counts["workouts"]) == (
        3, 3, 1, 2
    )  # fmt: skip
    night = SleepEntry.objects.get(athlete=athlete, date=date(2025, 1, 11))
    assert night.duration_h == pytest.approx(7.75)  # 23:00 to 06:45; the nap is left out
    assert night.quality is None  # Apple rates no night
    assert night.hrv_sdnn_ms == 45.0 and night.hrv_ms is None  # SDNN kept apart from rMSSD
    assert night.resting_hr == 52
    assert WeighIn.objects.get(athlete=athlete).body_mass_kg == pytest.approx(80.01, abs=0.01)
    run = Workout.objects.get(import_batch=batch, kind="cardio")
    assert (run.duration_min, run.avg_hr_bpm) == (32, 151)
    assert run.distance_km == pytest.approx(4.989, abs=0.001)  # 3.1 mi
    lift = Workout.objects.get(import_batch=batch, kind="strength")
    assert (lift.title, lift.duration_min) == ("Traditional strength training", 48)


def test_the_zip_of_the_export_is_read_and_a_second_import_adds_nothing(athlete, athlete_client):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("apple_health_export/export.xml", export())
        out.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    batch = import_file(athlete_client, archive.getvalue(), "export.zip")
    again = batch_of(upload(athlete_client, archive.getvalue(), "export.zip"))
    summary = again.preview["summary"]
    assert summary["counts"]["nights"] == summary["counts"]["workouts"] == 0
    assert summary["duplicate_count"] == 6
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert not SleepEntry.objects.filter(athlete=athlete).exists()


def test_a_night_logged_by_hand_stays_and_undo_leaves_it(athlete, athlete_client):
    mine = SleepEntryFactory(athlete=athlete, date=date(2025, 1, 12))
    batch = import_file(athlete_client, export(), "export.xml")
    assert batch.counts["nights"] == 2
    athlete_client.post(f"/settings/data/import/{batch.pk}/undo/")
    assert list(SleepEntry.objects.filter(athlete=athlete)) == [mine]


def test_entities_are_refused(athlete_client):
    content = export().replace(
        b"<!ATTLIST HealthData", b'<!ENTITY lol "lololololol"><!ATTLIST HealthData'
    )
    assert "declares XML entities" in error_of(upload(athlete_client, content, "export.xml"))


def test_a_cut_short_export_is_refused(athlete_client):
    assert "not well-formed XML" in error_of(upload(athlete_client, export()[:-200], "export.xml"))
