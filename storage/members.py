"""Members: registered on first sight under a pseudonym, found again, and erased on request.

Erasure deletes what a member wrote and reacted, their votes on open cards and their history,
and the member row itself; their votes on closed cards stay in the results, each closed card's
with an anonymous voter of that card alone, dated to its close (`Votes.hand_over`).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.members import MemberRef
from storage import statements
from storage.known import Learned
from storage.models import IdeaRow, MemberRow, PostRow, ReactionRow, ReplyRow
from storage.votes import Votes

# The user id of an anonymous voter, one kept vote (or choose-any ballot) of an erased member.
ANONYMOUS = "anonymous:"
_PSEUDONYM_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _shuffle(items: list) -> None:
    secrets.SystemRandom().shuffle(items)


def new_pseudonym() -> str:
    return "m-" + "".join(secrets.choice(_PSEUDONYM_ALPHABET) for _ in range(10))


class Members:
    def __init__(self, session: AsyncSession, learned: Learned) -> None:
        self.s = session
        self.learned = learned

    async def ensure(self, member: MemberRef, now: datetime) -> int:
        """The member's id, registering them on first sight; their role follows the platform.
        A member seen before is remembered (storage/known.py): no statement at all."""
        known_as = (member.platform, member.workspace_id, member.user_id)
        known = self.learned.known.members.get(known_as)
        if known is not None and known[1] == member.role.value:
            return known[0]
        member_id = await self._ensure(member, now)
        self.learned.later(lambda known: known.members.__setitem__(known_as, (member_id, member.role.value)))
        return member_id

    async def _ensure(self, member: MemberRef, now: datetime) -> int:
        key = {"platform": member.platform, "workspace_id": member.workspace_id, "user_id": member.user_id}
        found = (await statements.run(self.s, statements.member_by_key(), key)).first()
        if found is not None:
            if found.role != member.role.value:
                await self.s.execute(update(MemberRow).where(MemberRow.id == found.id).values(role=member.role.value))
            return found.id
        fresh = key | {"pseudonym": new_pseudonym(), "role": member.role.value, "is_bot": member.is_bot, "now": now}
        inserted = await statements.run(self.s, statements.register_member(self.s.bind.dialect.name), fresh)
        member_id = inserted.scalar_one_or_none()
        if member_id is None:  # another transaction registered them a moment ago
            member_id = (await statements.run(self.s, statements.member_by_key(), key)).first().id
        return member_id

    async def find(self, member: MemberRef) -> int | None:
        known = self.learned.known.members.get((member.platform, member.workspace_id, member.user_id))
        if known is not None:
            return known[0]
        query = select(MemberRow.id).where(
            MemberRow.platform == member.platform,
            MemberRow.workspace_id == member.workspace_id,
            MemberRow.user_id == member.user_id,
        )
        return (await self.s.execute(query)).scalar_one_or_none()

    async def by_pseudonym(self, pseudonym: str) -> int | None:
        query = select(MemberRow.id).where(MemberRow.pseudonym == pseudonym.strip())
        return (await self.s.execute(query)).scalar_one_or_none()

    async def erase(self, member_id: int, now: datetime) -> tuple[dict[str, int], list[int]]:
        """Forget a person, keeping closed results true.

        Their replies (deleted ones too), ideas and reactions are deleted, and so are their
        votes on topics still open, with their history (the person may vote again, as a new
        member). Each closed topic's votes stay counted, moved to an anonymous voter of that
        topic alone and dated to its end (see `Votes.hand_over`), so no two kept votes share
        a voter and none keeps its time. Last the member goes: the platform identity is
        forgotten, and the same person writing again is a new member, with a new pseudonym.

        Returns ({what: how many}, the topics whose tallies changed)."""
        self.learned.known.forget_member(member_id)  # now, and again once erased (a vote may be learning it)
        self.learned.later(lambda known: known.forget_member(member_id))
        votes = Votes(self.s)
        platform = (await self.s.execute(select(MemberRow.platform).where(MemberRow.id == member_id))).scalar_one()
        ended = await votes.ended_with_votes(member_id, now)
        _shuffle(ended)  # the anonymous voters' ids say nothing of the topics' order
        kept = 0
        for topic_id, at in ended:
            kept += await votes.hand_over(topic_id, member_id, await self._anonymous(platform, at), at)
        removed, changed = await votes.remove_all(member_id)
        reactions = await self.s.execute(delete(ReactionRow).where(ReactionRow.member_id == member_id))
        replies = await self.s.execute(
            delete(ReplyRow).where(ReplyRow.member_id == member_id).returning(ReplyRow.post_id)
        )
        replied_on = list(replies.scalars())  # a post per reply deleted
        ideas = await self.s.execute(delete(IdeaRow).where(IdeaRow.member_id == member_id))
        await self.s.execute(delete(MemberRow).where(MemberRow.id == member_id))
        if replied_on:  # threads that lost replies: their posts show the topics afresh
            posts = select(PostRow.topic_id).where(PostRow.id.in_(set(replied_on)))
            changed = sorted(set(changed) | set((await self.s.execute(posts)).scalars()))
        erased = {
            "replies": len(replied_on),
            "ideas": ideas.rowcount,
            "reactions": reactions.rowcount,
            "votes removed": removed,
            "votes kept anonymously": kept,
        }
        return erased, changed

    async def _anonymous(self, platform: str, at: datetime) -> int:
        """A voter standing for one erased member on one topic: no platform identity (a random
        id no platform will ever send), a pseudonym like anyone's, first seen when the topic ended."""
        row = MemberRow(
            platform=platform,
            workspace_id="",
            user_id=ANONYMOUS + secrets.token_hex(16),
            pseudonym=new_pseudonym(),
            role="member",
            is_bot=False,
            first_seen_at=at,
        )
        self.s.add(row)
        await self.s.flush()
        return row.id
