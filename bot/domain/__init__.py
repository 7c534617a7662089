"""What the association talks about: cards, polls, members and their responses."""

from bot.domain.members import ChannelRef, ChannelRole, MemberRef, Role
from bot.domain.posts import Post, PostedMessage
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
    "ChannelRef",
    "ChannelRole",
    "DEFAULT_SCALE",
    "EvidenceStrength",
    "MemberRef",
    "PolicyCard",
    "PollChoice",
    "Post",
    "PostedMessage",
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
