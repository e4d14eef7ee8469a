"""The strength rule just under and just over its threshold, short of data, and configured."""

from recovery.engine import Session
from tests.recovery.engine.rule_days import ck, days, evidence, find, pending, run

# ---------------------------------------------------------------- strength.plateau


def plateau_days(newest, per_week=(2, 2, 2, 2)):
    squat_days = {
        0: newest,
        3: newest,
        7: 100.5,
        10: 100.5,
        14: 100.5,
        17: 100.5,
        21: 100.0,
        24: 100.0,
    }
    dropped = {3: per_week[0] < 2, 10: per_week[1] < 2, 17: per_week[2] < 2, 24: per_week[3] < 2}

    def make(back, day):
        if back in squat_days and not dropped.get(back):
            return {
                "sessions": (Session("strength", 60, 7.0),),
                "e1rm_by_lift": {"Back squat": squat_days[back], "Bench press": 80.0 + back},
            }
        return {"checkin": ck()}

    return days(28, make)


def test_plateau_fires_under_one_percent():
    finding = find(run(plateau_days(100.9)), "strength.plateau")
    assert finding.severity == "info"
    assert "Back squat 100.0 to 100.9 kg (+0.9 %)" in finding.message
    item = evidence(finding, "Back squat")
    assert item.value == 0.9 and item.threshold == 1.0 and item.baseline == 100.0
    # Bench press fell, so it is a plateau too; it is named in its own evidence.
    assert evidence(finding, "Bench press").value < 0


def test_plateau_silent_over_one_percent_or_too_few_sessions():
    evaluation = run(plateau_days(101.1))
    assert all(
        not e.label.startswith("Back squat") for f in evaluation.findings for e in f.evidence
    )
    evaluation = run(plateau_days(100.9, per_week=(2, 1, 2, 2)))
    assert find(evaluation, "strength.plateau") is None


def test_plateau_pending():
    assert pending(run(plateau_days(100.0)[1:]), "strength.plateau") == 1
