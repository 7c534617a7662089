"""Cards and polls for tests."""

from bot.domain import PolicyCard, QuickPoll


def card(**fields) -> PolicyCard:
    defaults = dict(
        title="Ring-fence high-needs funding",
        position="High-needs funding should be ring-fenced for pupils with SEND.",
        evidence="best-bet",
        values=["Fairness", "Inclusion"],
        question="Should high-needs funding be ring-fenced?",
    )
    return PolicyCard(**{**defaults, **fields})


def poll(**fields) -> QuickPoll:
    defaults = dict(question="Which matters most this term?", answers=["Pay", "Workload", "Funding"])
    return QuickPoll(**{**defaults, **fields})
