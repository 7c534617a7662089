"""What the association talks about: cards, polls, members and their responses."""

from bot.domain.members import ChannelRole, MemberRef, Role
from bot.domain.text import clean_text
from bot.domain.topics import (
    DEFAULT_SCALE,
    EvidenceStrength,
    PolicyCard,
    PollChoice,
    QuickPoll,
    ResultsVisibility,
    Tally,
    Topic,
    TopicKind,
    TopicStatus,
    parse_ref,
)

__all__ = [
    "ChannelRole",
    "DEFAULT_SCALE",
    "EvidenceStrength",
    "MemberRef",
    "PolicyCard",
    "PollChoice",
    "QuickPoll",
    "ResultsVisibility",
    "Role",
    "Tally",
    "Topic",
    "TopicKind",
    "TopicStatus",
    "clean_text",
    "parse_ref",
]
