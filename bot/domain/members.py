"""Who takes part, and where."""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    MEMBER = "member"
    STAFF = "staff"


class ChannelRole(StrEnum):
    MEMBER = "member"  # cards and polls are posted here
    STAFF = "staff"  # summaries and staff notices go here


class StaleReference(Exception):
    """The database refused a row naming one that is not there: most likely a member the bot
    remembered, erased a moment ago by another process. What the bot remembered is forgotten,
    so the event can be handled again."""


@dataclass(frozen=True, slots=True)
class MemberRef:
    """A person as a platform knows them. Never shown to staff or exported as is."""

    platform: str
    workspace_id: str
    user_id: str
    role: Role = Role.MEMBER
    is_bot: bool = False


@dataclass(frozen=True, slots=True)
class ChannelRef:
    platform: str
    workspace_id: str
    channel_id: str
    role: ChannelRole = ChannelRole.MEMBER
    name: str = ""
