"""What this process has read once and need not read again on every event: members by their
platform identity, posted card posts by where they are, and cards.

Entries are learned only from units that committed (a member registered in a unit that rolled
back does not exist, and SQLite may give their id to the next one), and forgotten whenever they
may have gone stale: a member erased here, anything written to the database by another process
(SQLite tells the writer, `SqliteWriter.changed_elsewhere`), or a reference the database refused
(an erasure by another instance on PostgreSQL, whose ids are never reused).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.posts import Post
from bot.domain.topics import Topic

MemberKey = tuple[str, str, str]  # platform, workspace, user
PostKey = tuple[str, str, str | None, str | None, str | None]  # platform, workspace, channel, thread, message


class Known:
    def __init__(self) -> None:
        self.members: dict[MemberKey, tuple[int, str]] = {}  # id and role
        self.posts: dict[PostKey, Post] = {}  # posted posts only: a posted post never changes where it is
        # Cards as last read. Their content never changes once published; their status may, which
        # is why the vote statement checks it (and the slug, so an id that came back is not mistaken).
        self.topics: dict[int, Topic] = {}

    def forget(self) -> None:
        self.members.clear()
        self.posts.clear()
        self.topics.clear()

    def forget_member(self, member_id: int) -> None:
        for key in [k for k, (known, _) in self.members.items() if known == member_id]:
            del self.members[key]


class Learned:
    """What one unit read, remembered only once the unit has committed."""

    def __init__(self, known: Known) -> None:
        self.known = known
        self._pending: list[Callable[[Known], None]] = []

    def later(self, remember: Callable[[Known], None]) -> None:
        self._pending.append(remember)

    def keep(self) -> None:
        for remember in self._pending:
            remember(self.known)
        self._pending.clear()
