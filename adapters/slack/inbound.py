"""What Slack sends (Events API events, button clicks, slash commands, forms) turned into the
core's events, each recorded before Slack gets its answer.

An event that cannot be recorded within the answer budget is not acknowledged (503: Slack sends it
again); a click, a command that records or a form is answered plainly that it was not recorded,
its work cancelled so that this is true. Confirmations follow the ack and are tried again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import re
from collections.abc import Awaitable
from typing import TYPE_CHECKING

from pydantic import ValidationError
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from adapters.slack import blocks, modals, translate
from adapters.slack.errors import explain
from adapters.slack.respond import ATTEMPTS, respond
from bot.deadline import LATE, NotRecorded, undone
from bot.domain import MemberRef, PolicyCard, Role
from bot.errors import DeliveryError
from bot.events import CommandInvoked, IdeaSubmitted, InboundEvent, Outcome, TopicWritten
from bot.when import parse_when

if TYPE_CHECKING:
    from adapters.slack.adapter import SlackAdapter

log = logging.getLogger("adapters.slack.adapter")
COMMANDS = ("/idea", "/card", "/poll", "/listening")  # as in manifest.yml
EVENTS = ("message", "reaction_added", "reaction_removed")


def _url(value) -> str | None:
    """A response URL as Slack sends them, or None."""
    ok = isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) <= 2000
    return value if ok else None


class Listeners:
    def __init__(self, adapter: SlackAdapter) -> None:
        self.a = adapter
        self.attach(adapter.app)

    async def _record(self, event: InboundEvent | None) -> Outcome | None:
        return await self.a._dispatch(event) if event is not None else None

    def attach(self, app) -> None:
        for name, listener in zip(EVENTS, (self._on_message, self._on_reaction, self._on_reaction), strict=True):
            app.event(name)(listener)
        app.action(re.compile(rf"^{blocks.ACTION_PREFIX}:"))(self._on_vote)
        for name, listener in zip(
            COMMANDS, (self._on_idea, self._on_card, self._on_poll, self._on_listening), strict=True
        ):
            app.command(name)(listener)
        app.view(modals.IDEA_MODAL)(self._on_idea_modal)
        app.view(modals.CARD_MODAL)(self._on_card_modal)
        app.error(self._on_error)

    async def _on_error(self, error: Exception) -> BoltResponse:
        """Not acknowledged: Slack sends the event again, and the core ignores what it already has.
        The error's type only: its message may quote the payload."""
        if isinstance(error, NotRecorded):
            log.warning("slack: an event was not recorded in time; not acknowledged, so Slack sends it again")
        else:
            log.error("slack: an event could not be recorded (%s); not acknowledged", type(error).__name__)
        return BoltResponse(status=503, body="not recorded; please retry")

    async def _with_role(self, event: InboundEvent) -> InboundEvent:
        role = await self.a.role_of(event.member.user_id)
        return dataclasses.replace(event, member=dataclasses.replace(event.member, role=role))

    async def _events_api(self, work: Awaitable[Outcome | None]) -> None:
        """An Events API event is acknowledged only once it is recorded (bolt answers when this returns)."""
        if await self.a.deadline.within(work) is LATE:
            raise NotRecorded

    async def _on_message(self, body: dict) -> None:
        async def work() -> Outcome | None:
            author = translate.author(body.get("event", {}))
            role = await self.a.role_of(author) if author else Role.MEMBER
            return await self._record(translate.message_event(body, self.a.team_id, role))

        await self._events_api(work())

    async def _on_reaction(self, body: dict) -> None:
        async def work() -> Outcome | None:
            event = translate.reaction_event(body, self.a.team_id, Role.MEMBER)
            if event is None:
                return None
            if await self.a.is_bot(event.member.user_id):  # marked as a bot's: the core ignores it
                return await self._record(
                    dataclasses.replace(event, member=dataclasses.replace(event.member, is_bot=True))
                )
            return await self._record(await self._with_role(event))

        await self._events_api(work())

    async def _on_vote(self, ack, body: dict) -> None:
        async def work() -> Outcome | None:
            event = translate.vote_event(body, self.a.team_id, Role.MEMBER)
            return await self._record(await self._with_role(event) if event else None)

        outcome = await self.a.deadline.answer(work(), records=True, what="a vote")
        await ack()
        if isinstance(outcome, Outcome) and not outcome.owed:  # owed ones the runtime sends, durably
            url = _url(body.get("response_url"))
            self.a.deadline.spawn(self._respond(url, outcome))  # the confirmation goes after the ack

    async def _respond(self, url: str | None, outcome: Outcome) -> None:
        """An answer after the ack that is not kept in the database, through the response URL:
        tried again, a few seconds apart, if Slack cannot be reached or answers 5xx or 429."""
        if outcome.reply:
            await respond(url, outcome.reply, attempts=ATTEMPTS, sleep=self.a.sleep)

    async def _member(self, user_id: str) -> MemberRef:
        return translate.member(self.a.team_id, user_id, await self.a.role_of(user_id))

    async def _command(self, body: dict, text: str) -> Outcome | None:
        event = CommandInvoked(
            event_id=f"command:{body.get('trigger_id')}",
            member=await self._member(body.get("user_id", "")),
            at=self.a.clock.now(),
            text=text,
        )
        return await self._record(event)

    async def _answer(self, ack, body: dict, work: Awaitable[Outcome | None], *, records: bool = False) -> None:
        """Ack a slash command with the core's answer. When it `records` what a member sent (an
        idea), it is recorded before the ack or not at all, and the member is told which; a
        command that only reads or that staff can repeat may answer late, after a holding note."""
        late = functools.partial(self._respond, _url(body.get("response_url")))
        outcome = await self.a.deadline.answer(work, records=records, late=late, what="a slash command")
        if outcome is LATE:
            await ack(text="Working on it…")
        else:
            await ack(text=blocks.escape(outcome.reply or "Done.") if outcome else "Done.")

    async def _on_idea(self, ack, body: dict) -> None:
        text = body.get("text", "")
        if not text.strip():
            metadata = {"channel": body.get("channel_id", ""), "response_url": body.get("response_url", "")}
            await self._open_modal(ack, body, modals.idea_modal(metadata))
            return

        async def work() -> Outcome | None:
            member = await self._member(body.get("user_id", ""))
            event_id = f"command:{body.get('trigger_id')}"
            return await self._record(IdeaSubmitted(event_id=event_id, member=member, at=self.a.clock.now(), text=text))

        await self._answer(ack, body, work(), records=True)

    async def _open_modal(self, ack, body: dict, view: dict) -> None:
        await ack()
        try:
            await self.a.client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except SlackApiError as err:
            log.warning("slack: could not open a form: %s", explain(err)[0])

    async def _on_card(self, ack, body: dict) -> None:
        text = body.get("text", "").strip()
        if text:
            await self._answer(ack, body, self._command(body, f"publish {text}"))
            return
        try:
            role = await asyncio.wait_for(self.a.role_of(body.get("user_id", "")), timeout=self.a.deadline.seconds / 2)
        except asyncio.TimeoutError:
            role = Role.MEMBER
        if role is not Role.STAFF:
            await ack(text="Sorry, /card is for the policy team.")
            return
        metadata = {"channel": body.get("channel_id", ""), "response_url": body.get("response_url", "")}
        await self._open_modal(ack, body, modals.card_modal(metadata))

    async def _on_poll(self, ack, body: dict) -> None:
        await self._answer(ack, body, self._command(body, f"poll {body.get('text', '')}"))

    async def _on_listening(self, ack, body: dict) -> None:
        await self._answer(ack, body, self._command(body, body.get("text", "").strip() or "help"))

    @staticmethod
    def _reply_to(view: dict) -> str | None:
        """The response URL of the slash command that opened a form: its answer is owed there."""
        return _url(modals.origin(view).get("response_url"))

    async def _submitted(self, ack, body: dict, view: dict, work: Awaitable[Outcome | None], field: str) -> None:
        """A form closes only once what it holds is recorded; if that cannot be done in time it
        stays open, the member's text in it, saying so."""
        outcome = await self.a.deadline.answer(work, records=True, what="a form")
        if undone(outcome):  # SORRY or UNRECORDED, in the form itself
            await ack(response_action="errors", errors={field: outcome.reply})
            return
        await ack()
        if outcome is not None and not outcome.owed:
            self.a.deadline.spawn(self._tell(body.get("user", {}).get("id", ""), view, outcome))

    async def _on_idea_modal(self, ack, body: dict, view: dict) -> None:
        async def work() -> Outcome | None:
            user = body.get("user", {}).get("id", "")
            event_id = f"view:{view.get('id')}"
            text = modals.submitted(view).get("idea", "")
            member = await self._member(user)
            event = IdeaSubmitted(
                event_id=event_id, member=member, at=self.a.clock.now(), text=text, reply_to=self._reply_to(view)
            )
            return await self._record(event)

        await self._submitted(ack, body, view, work(), "idea")

    async def _on_card_modal(self, ack, body: dict, view: dict) -> None:
        values = modals.submitted(view)
        try:
            fields = {k: v for k, v in values.items() if v and k != "closes_at"}
            if values.get("closes_at"):
                fields["closes_at"] = parse_when(values["closes_at"], self.a.clock.now(), self.a.zone)
            card = PolicyCard.model_validate(fields)
        except ValidationError as err:
            errors = {str(e["loc"][0]): e["msg"].removeprefix("Value error, ") for e in err.errors() if e["loc"]}
            await ack(response_action="errors", errors=errors or {"title": "Please check the card"})
            return
        except ValueError as err:
            await ack(response_action="errors", errors={"closes_at": str(err)})
            return

        async def work() -> Outcome | None:
            user = body.get("user", {}).get("id", "")
            event_id = f"view:{view.get('id')}"
            member = await self._member(user)
            event = TopicWritten(
                event_id=event_id, member=member, at=self.a.clock.now(), content=card, reply_to=self._reply_to(view)
            )
            return await self._record(event)

        await self._submitted(ack, body, view, work(), "title")

    async def _tell(self, user: str, view: dict, outcome: Outcome | None) -> None:
        """Answer a form privately: through the slash command's response URL, which works
        in any channel (and in direct messages), else as an ephemeral message."""
        if outcome is None or not outcome.reply:
            return
        url = self._reply_to(view)
        if url:
            await self._respond(url, outcome)
            return
        try:
            channel = modals.origin(view).get("channel")
            await self.a.tell_privately(translate.member(self.a.team_id, user), outcome.reply, channel_id=channel)
        except DeliveryError as err:
            log.warning("slack: could not answer a form privately: %s", err)
