"""The words Rebound's pages use that a new athlete may not know: one short explanation each,
shown on hover and focus where the word appears ({% term %}) and together on /glossary/.
Kept in English here; {% term %} and the glossary page translate them."""

from django.utils.translation import gettext_noop

TERMS: dict[str, tuple[str, str]] = {
    # key: (the word as shown, the explanation)
    "au": (
        gettext_noop("AU"),
        gettext_noop(
            "Arbitrary units of training load: session RPE (0-10) times minutes. 60 minutes at"
            " RPE 5 is 300 AU."
        ),
    ),
    "rpe": (
        gettext_noop("RPE"),
        gettext_noop(
            "Rating of perceived exertion: how hard the whole session felt, from 0 (rest) to 10"
            " (the hardest you can do)."
        ),
    ),
    "fitness": (
        gettext_noop("Fitness"),
        gettext_noop(
            "Your daily training load averaged over about six weeks: what your training has"
            " built up."
        ),
    ),
    "fatigue": (
        gettext_noop("Fatigue"),
        gettext_noop(
            "Your daily training load averaged over about one week: what you are still carrying."
        ),
    ),
    "form": (
        gettext_noop("Form"),
        gettext_noop(
            "Yesterday's fitness minus yesterday's fatigue. Below zero after hard weeks, above"
            " zero after easy ones."
        ),
    ),
    "load-ratio": (
        gettext_noop("Load ratio"),
        gettext_noop(
            "Last week's load against your usual (7- and 28-day weighted averages). Above 1.3, a"
            " fixed line the same for everyone, Rebound calls it a spike against your own habit;"
            " it does not predict injury."
        ),
    ),
    "hooper": (
        gettext_noop("Hooper index"),
        gettext_noop(
            "The sum of the check-in's sleep quality, fatigue, stress and soreness (4 best,"
            " 28 worst)."
        ),
    ),
    "hrv": (
        gettext_noop("HRV"),
        gettext_noop(
            "Heart rate variability: how much the time between heartbeats varies at rest. Lower"
            " than your usual often follows hard training, short sleep, stress, alcohol or"
            " illness."
        ),
    ),
    "sd": (
        gettext_noop("SD"),
        gettext_noop(
            "Standard deviation: how much a value usually varies around your own average."
        ),
    ),
}


def explain(key: str) -> tuple[str, str]:
    """(word, explanation) of a glossary key; KeyError for an unknown one, so a typo in a
    template fails its page's test."""
    return TERMS[key]
