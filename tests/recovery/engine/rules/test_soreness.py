"""Every soreness rule just under and just over its threshold, short of data, and configured."""

from tests.recovery.engine.rule_days import ck, days, evidence, find, load, pending, run

# ---------------------------------------------------------------- soreness.doms


def doms_days(hard_load=500, hard_back=2, soreness=5, training_days=20):
    def make(back, day):
        index = 22 - back
        if back == 0:
            return {"checkin": ck(soreness=soreness, sore_areas=("quads", "lower_back"))}
        if back == hard_back:
            return {"sessions": (load(hard_load, "strength"),)}
        if index < training_days:
            return {"sessions": (load(290 - 10 * index),)}
        return {}

    return days(23, make)


def test_doms_after_a_hard_session():
    finding = find(run(doms_days()), "soreness.doms")
    assert finding.severity == "info"
    assert "usually an expected response" in finding.message
    assert "quads and lower back" in finding.message  # labels, never codes like lower_back
    assert "lower_back" not in finding.message
    item = evidence(finding, "hard session")
    assert item.value == 500 and item.threshold == 280
    assert evidence(finding, "soreness").threshold == 5


def test_doms_silent_just_under_the_percentile_or_soreness():
    assert find(run(doms_days(hard_load=265)), "soreness.doms") is None  # p90 is 270
    assert find(run(doms_days(soreness=4)), "soreness.doms") is None


def test_doms_only_one_to_three_days_after():
    assert find(run(doms_days(hard_back=3)), "soreness.doms") is not None
    assert find(run(doms_days(hard_back=4)), "soreness.doms") is None


def test_doms_pending_with_nine_training_days():
    assert pending(run(doms_days(training_days=8)), "soreness.doms") == 1


# ---------------------------------------------------------------- soreness.persistent


def soreness_days(values):
    return days(len(values), lambda back, day: {"checkin": ck(soreness=values[-1 - back])})


def test_persistent_soreness_five_days():
    finding = find(run(soreness_days([5, 5, 6, 5, 5])), "soreness.persistent")
    assert finding.severity == "caution"
    assert evidence(finding, "days in a row").value == 5
    assert evidence(finding, "soreness today").threshold == 5


def test_persistent_soreness_broken_run():
    assert find(run(soreness_days([5, 5, 4, 5, 5])), "soreness.persistent") is None


def test_persistent_soreness_pending():
    assert pending(run(soreness_days([6, 6, 6, 6])), "soreness.persistent") == 1
