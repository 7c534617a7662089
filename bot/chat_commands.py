"""The chat commands the core answers, the same on every platform:
Slack's and Discord's `/listening …`, the console's own words."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import plaintext
from bot.commands import Command, parse
from bot.domain.members import Role
from bot.domain.topics import TopicStatus
from bot.errors import Refusal
from bot.events import CommandInvoked, Outcome
from bot.policy_team import PolicyTeam, published
from bot.ports import Unit
from bot.wording import plural

log = logging.getLogger(__name__)

MEMBER_HELP = """\
Commands:
  list                       open cards and polls
  show REF                   one card or poll, with its results if they are shown
  mine                       what the bot has recorded from you
  erase                      delete all that is recorded from you (closed results keep your votes, anonymously)
  help                       this text"""

STAFF_HELP = """\
Staff commands:
  publish SLUG               publish an authored card or poll (see `authored`)
  authored                   the cards and polls ready to publish
  poll "Question" "A" "B" [--closes 3d] [--multiple | --rating] [--hidden] [--named]
  close REF                  close a card or poll now (e.g. close CARD-0003)
  recorded                   what has been recorded so far
  summary                    what we heard this week so far (answered to you only)"""


class ChatCommands:
    def __init__(self, team: PolicyTeam, zone: ZoneInfo) -> None:
        self.team = team
        self.zone = zone

    async def run(self, unit: Unit, event: CommandInvoked, now: datetime) -> Outcome:
        command = parse(event.text)
        staff = event.member.role is Role.STAFF
        member_commands = {
            "help": self._help,
            "list": self._list,
            "show": self._show,
            "mine": self._mine,
            "erase": self._erase,
        }
        staff_commands = {
            "publish": self._publish_command,
            "authored": self._authored,
            "poll": self._poll_command,
            "close": self._close_command,
            "recorded": self._recorded,
            "summary": self._summary,
        }
        if command.name in member_commands:
            return await member_commands[command.name](unit, event, command, now)
        if command.name in staff_commands:
            if not staff:
                raise Refusal(f"Sorry, `{command.name}` is for the policy team. Try `help` to see what you can do.")
            return await staff_commands[command.name](unit, event, command, now)
        raise Refusal(f"I don't know `{command.name}`. Try `help`.")

    async def _help(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        text = MEMBER_HELP + ("\n\n" + STAFF_HELP if event.member.role is Role.STAFF else "")
        return Outcome(reply=text)

    async def _list(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        topics = await unit.topics.list(TopicStatus.OPEN)
        if not topics:
            return Outcome(reply="No cards or polls are open right now.")
        lines = ["Open cards and polls:"]
        for topic in topics:
            tally = await unit.votes.tally(topic)
            lines.append(plaintext.summary_line(topic, tally if topic.results_visible(now) else None))
        return Outcome(reply="\n".join(lines))

    async def _show(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        if not command.args:
            raise Refusal("Say which one, e.g. `show CARD-0003`. `list` shows the open ones.")
        topic = await self.team.find(unit, command.args[0])
        tally = await unit.votes.tally(topic)
        shown = tally if topic.results_visible(now) else None
        return Outcome(reply=plaintext.describe(topic, shown, self.zone, voters=tally.voters))

    async def _mine(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        member_id = await unit.members.find(event.member)
        if member_id is None:
            return Outcome(reply="Nothing is recorded from you yet.")
        data = await unit.readouts.member_data(member_id)
        lines = [f"Recorded from you (your pseudonymous id is {data['member']}):"]
        for v in data["votes"]:
            lines.append(f"  vote on {v['topic']}: {v['option_label']}")
        for r in data["replies"]:
            lines.append(f"  reply on {r['topic']}: {r['text'] if r['text'] is not None else '(deleted)'}")
        for r in data["reactions"]:
            lines.append(f"  reaction on {r['topic']}: {r['emoji']}")
        for i in data["ideas"]:
            lines.append(f"  {i['ref']}: {i['text']}")
        if len(lines) == 1:
            lines.append("  nothing yet")
        return Outcome(reply="\n".join(lines))

    async def _erase(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        if command.args != ("confirm",):
            return Outcome(
                reply=(
                    "This deletes your replies, ideas and reactions, and your votes on open cards and polls, "
                    "and forgets who you are on this platform. Votes on closed ones stay in their results, "
                    "each on its own under no name, dated only to the close, so no one can tell they were yours. "
                    "It cannot be undone. Send `erase confirm` to go ahead."
                )
            )
        member_id = await unit.members.find(event.member)
        if member_id is None:
            return Outcome(reply="Nothing is recorded from you, so there is nothing to erase.")
        erased, changed = await unit.members.erase(member_id, now)
        log.info("a member's data was erased at their request")
        return Outcome(reply=erased_reply(erased), changed_topics=tuple(changed))

    async def _authored(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        found, broken = self.team.library()
        lines = ["Ready to publish:" if found else "No authored cards or polls found."]
        for item in found:
            published = await unit.topics.by_slug(item.content.slug) if item.content.slug else None
            state = f"published as {published.ref}" if published else "not published"
            lines.append(f"  {item.content.slug} · {item.content.title} ({state})")
        for err in broken:
            lines.append(f"  ✗ {err}")
        return Outcome(reply="\n".join(lines))

    async def _publish_command(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        if not command.args:
            raise Refusal("Say which card to publish, e.g. `publish send-funding`. `authored` lists them.")
        content = self.team.authored_content(command.args[0])
        topic = await self.team.publish(unit, content, now)
        return Outcome(reply=published(topic, self.zone), published=(topic.id,))

    async def _poll_command(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        poll = self.team.poll_from(command, now)
        topic = await self.team.publish(unit, poll, now)
        return Outcome(reply=published(topic, self.zone), published=(topic.id,))

    async def _close_command(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        if not command.args:
            raise Refusal("Say which card or poll to close, e.g. `close CARD-0003`.")
        topic, tally = await self.team.close_in(unit, command.args[0], now)
        reply = f"Closed {topic.ref} (n = {tally.voters}). Its final result is posted in its thread on every platform."
        return Outcome(reply=reply, closed=(topic.id,))

    async def _summary(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        from bot.summary.documents import brief
        from bot.summary.heard import compile_in
        from bot.summary.period import current_week

        heard = await compile_in(unit, current_week(now, self.zone), now)  # this command's transaction
        return Outcome(reply=brief(heard))

    async def _recorded(self, unit: Unit, event: CommandInvoked, command: Command, now: datetime) -> Outcome:
        figures = await unit.readouts.counts()
        lines = ["Recorded so far:"]
        lines += [f"  {name}: {value}" for name, value in figures.items()]
        return Outcome(reply="\n".join(lines))


def erased_reply(erased: dict[str, int]) -> str:
    """What `erase confirm` answers: each kind, counted."""
    deleted = [
        plural(erased["replies"], "reply"),
        plural(erased["ideas"], "idea"),
        plural(erased["reactions"], "reaction"),
        plural(erased["votes removed"], "vote") + " on open cards and polls",
    ]
    reply = f"Done: {', '.join(deleted[:-1])} and {deleted[-1]} deleted."
    kept = erased["votes kept anonymously"]
    if kept:
        reply += (
            f" {plural(kept, 'vote')} on closed ones {'stays' if kept == 1 else 'stay'} in their results, "
            "anonymous and dated to the close."
        )
    return reply + " Nothing left is linked to you; if you take part again, you start afresh."
