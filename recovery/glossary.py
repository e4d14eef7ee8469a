"""The words Rebound's pages use that a new athlete may not know: one short explanation each,
shown on hover and focus where the word appears ({% term %}) and together on /glossary/."""

TERMS: dict[str, tuple[str, str]] = {
    # key: (the word as shown, the explanation)
    "au": (
        "AU",
        "Arbitrary units of training load: session RPE (0-10) times minutes. 60 minutes at"
        " RPE 5 is 300 AU.",
    ),
    "rpe": (
        "RPE",
        "Rating of perceived exertion: how hard the whole session felt, from 0 (rest) to 10"
        " (the hardest you can do).",
    ),
    "fitness": (
        "Fitness",
        "Your daily training load averaged over about six weeks: what your training has built up.",
    ),
    "fatigue": (
        "Fatigue",
        "Your daily training load averaged over about one week: what you are still carrying.",
    ),
    "form": (
        "Form",
        "Yesterday's fitness minus yesterday's fatigue. Below zero after hard weeks, above"
        " zero after easy ones.",
    ),
    "load-ratio": (
        "Load ratio",
        "Last week's load against your usual (7- and 28-day weighted averages). Above 1.3, a"
        " fixed line the same for everyone, Rebound calls it a spike against your own habit;"
        " it does not predict injury.",
    ),
    "hooper": (
        "Hooper index",
        "The sum of the check-in's sleep quality, fatigue, stress and soreness (4 best, 28 worst).",
    ),
    "hrv": (
        "HRV",
        "Heart rate variability: how much the time between heartbeats varies at rest. Lower"
        " than your usual often follows hard training, short sleep, stress, alcohol or"
        " illness.",
    ),
    "sd": (
        "SD",
        "Standard deviation: how much a value usually varies around your own average.",
    ),
}


def explain(key: str) -> tuple[str, str]:
    """(word, explanation) of a glossary key; KeyError for an unknown one, so a typo in a
    template fails its page's test."""
    return TERMS[key]
