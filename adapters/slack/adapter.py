"""The Slack adapter: bolt's AsyncApp in Socket Mode or HTTP mode, speaking the core's contract."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
from pydantic import ValidationError
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.base import Adapter, Dispatch
from adapters.slack import blocks, modals, summary, translate
from adapters.slack.retries import RateLimited, ServerError
from bot.clock import Clock, SystemClock
from bot.deadline import LATE, SORRY, Deadline
from bot.domain import ChannelRef, ChannelRole, MemberRef, PolicyCard, Post, PostedMessage, Role, Tally, Topic
from bot.errors import DeliveryError
from bot.events import CommandInvoked, IdeaSubmitted, InboundEvent, Outcome, TopicWritten
from bot.when import parse_when

log = logging.getLogger(__name__)

# Errors that trying again will not fix; each says what the administrator should do.
PERMANENT = {
    "channel_not_found": "no such channel: check SLACK_MEMBER_CHANNELS / SLACK_STAFF_CHANNEL (use channel ids)",
    "not_in_channel": "the bot is not in that channel: invite it with /invite @bot-name",
    "is_archived": "the channel is archived",
    "invalid_auth": "Slack rejected SLACK_BOT_TOKEN",
    "not_authed": "SLACK_BOT_TOKEN is missing",
    "account_inactive": "the bot token belongs to a deactivated app or user",
    "missing_scope": "the app lacks a scope: reinstall it from adapters/slack/manifest.yml",
    "restricted_action": "a workspace admin has restricted posting in that channel",
    "msg_too_long": "the message is too long for Slack",
}
COMMANDS = ("/idea", "/card", "/poll", "/listening")  # as in manifest.yml
EVENTS = ("message", "reaction_added", "reaction_removed")
ACK_BUDGET = 2.5  # seconds: Slack wants an answer within 3
HISTORY_PAGES = 10
STAFF_CACHE = timedelta(minutes=5)
METADATA_TYPE = "listening_topic"


def explain(err: SlackApiError) -> tuple[str, bool]:
    code = err.response.get("error", "unknown_error") if err.response else "unknown_error"
    return f"{code}: {PERMANENT.get(code, 'Slack refused the request')}", code in PERMANENT


class SlackAdapter(Adapter):
    platform = translate.PLATFORM

    def __init__(
        self,
        *,
        bot_token: str,
        zone: ZoneInfo,
        app_token: str | None = None,
        signing_secret: str | None = None,
        member_channels: Sequence[str] = (),
        staff_channel: str | None = None,
        staff_users: Sequence[str] = (),
        staff_group: str | None = None,
        api_url: str = "https://slack.com/api/",
        host: str = "0.0.0.0",
        port: int = 3000,
        clock: Clock | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        ack_budget: float = ACK_BUDGET,
    ) -> None:
        if not (app_token or signing_secret):
            raise ValueError("Slack needs an app token (Socket Mode) or a signing secret (HTTP mode)")
        self.zone = zone
        self.clock = clock or SystemClock()
        self.app_token = app_token
        self.socket_mode = bool(app_token)
        self.member_channel_ids = list(member_channels)
        self.staff_channel = staff_channel
        self.staff_users = set(staff_users)
        self.staff_group = staff_group
        self.host, self.port = host, port
        self.deadline = Deadline(ack_budget)
        self.client = AsyncWebClient(
            token=bot_token,
            base_url=api_url if api_url.endswith("/") else api_url + "/",
            retry_handlers=[RateLimited(sleep=sleep), ServerError(sleep=sleep)],
        )
        self.app = AsyncApp(
            client=self.client,
            signing_secret=signing_secret or "",
            request_verification_enabled=not self.socket_mode,
            process_before_response=True,  # ack after the core has recorded the event: nothing is lost
            logger=logging.getLogger("slack_bolt"),
        )
        self.team_id = ""
        self.bot_user_id = ""
        self._dispatch: Dispatch | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None
        self._is_bot: dict[str, bool] = {}
        self._staff_group: tuple[datetime, set[str]] | None = None
        self._listen()

    # -- the contract -----------------------------------------------------------

    async def setup(self) -> None:
        try:
            me = await self.client.auth_test()
        except SlackApiError as err:
            raise RuntimeError(f"Slack: {explain(err)[0]}") from None
        self.team_id, self.bot_user_id = me["team_id"], me["user_id"]
        log.info("slack: connected to workspace %s as %s", self.team_id, self.bot_user_id)

    def channels(self) -> Sequence[ChannelRef]:
        found = [ChannelRef(self.platform, self.team_id, c, ChannelRole.MEMBER, c) for c in self.member_channel_ids]
        if self.staff_channel:
            found.append(ChannelRef(self.platform, self.team_id, self.staff_channel, ChannelRole.STAFF, "staff"))
        return found

    async def start(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch
        if self.socket_mode:
            self._socket = AsyncSocketModeHandler(self.app, self.app_token)
            await self._socket.connect_async()
            log.info("slack: Socket Mode connected")
        else:
            web_app = self.app.web_app(path="/slack/events", port=self.port)
            web_app.router.add_get("/healthz", self._healthz)
            self._runner = web.AppRunner(web_app, access_log=None)
            await self._runner.setup()
            await web.TCPSite(self._runner, self.host, self.port).start()
            log.info("slack: HTTP mode listening on %s:%s/slack/events", self.host, self.bound_port)

    @property
    def bound_port(self) -> int | None:
        """The port HTTP mode listens on (useful when asked for port 0)."""
        if self._runner is None or not self._runner.addresses:
            return None
        return self._runner.addresses[0][1]

    async def stop(self) -> None:
        await self.deadline.drain()
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def post_topic(self, channel: ChannelRef, topic: Topic, tally: Tally | None) -> PostedMessage:
        response = await self._call(
            "chat_postMessage",
            channel=channel.channel_id,
            text=blocks.fallback_text(topic),
            blocks=blocks.topic_blocks(topic, tally, self.zone),
            metadata={"event_type": METADATA_TYPE, "event_payload": {"topic_id": topic.id}},
            unfurl_links=False,
            unfurl_media=False,
            link_names=False,
        )
        return PostedMessage(message_id=response["ts"], thread_id=response["ts"])

    async def find_post(self, channel: ChannelRef, topic: Topic) -> PostedMessage | None:
        """Search the channel since the topic was published (it cannot be older), page by page."""
        oldest = f"{topic.published_at.timestamp() - 60:.6f}"
        cursor = None
        for _ in range(HISTORY_PAGES):
            response = await self._call(
                "conversations_history",
                channel=channel.channel_id,
                oldest=oldest,
                limit=200,
                include_all_metadata=True,
                **({"cursor": cursor} if cursor else {}),
            )
            for message in response.get("messages", []):
                metadata = message.get("metadata") or {}
                if (
                    metadata.get("event_type") == METADATA_TYPE
                    and metadata.get("event_payload", {}).get("topic_id") == topic.id
                    and message.get("user") in (self.bot_user_id, None)
                ):
                    return PostedMessage(message_id=message["ts"], thread_id=message["ts"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
        log.warning("slack: gave up looking for %s in %s after %d pages", topic.ref, channel.channel_id, HISTORY_PAGES)
        return None

    async def update_post(self, post: Post, topic: Topic, tally: Tally | None) -> None:
        await self._call(
            "chat_update",
            channel=post.channel.channel_id,
            ts=post.message_id,
            parse="none",
            text=blocks.fallback_text(topic),
            blocks=blocks.topic_blocks(topic, tally, self.zone),
        )

    async def reply_in_thread(self, post: Post, text: str) -> None:
        await self._call(
            "chat_postMessage",
            channel=post.channel.channel_id,
            thread_ts=post.thread_id,
            text=blocks.code_block(text),
            link_names=False,
            unfurl_links=False,
        )

    async def send_private(self, member: MemberRef, text: str, *, channel_id: str | None = None) -> None:
        if channel_id:
            await self._call("chat_postEphemeral", channel=channel_id, user=member.user_id, text=blocks.escape(text))
        else:  # a direct message from the app
            await self._call("chat_postMessage", channel=member.user_id, text=blocks.escape(text), link_names=False)

    async def post_to_staff(self, text: str) -> None:
        if not self.staff_channel:
            log.warning("slack: no SLACK_STAFF_CHANNEL set; a staff notice was not posted")
            return
        await self._call("chat_postMessage", channel=self.staff_channel, text=blocks.escape(text), link_names=False)

    async def post_summary(self, heard, charts: dict[str, bytes]) -> None:
        if not self.staff_channel:
            log.warning("slack: no SLACK_STAFF_CHANNEL set; the summary was not posted")
            return
        for message in summary.summary_messages(heard, self.zone):
            await self._call(
                "chat_postMessage",
                channel=self.staff_channel,
                blocks=message,
                text=f"What we heard: {heard.period.label}",
                unfurl_links=False,
                link_names=False,
            )
        refs = list(charts)
        for start in range(0, len(refs), 10):  # Slack takes up to ten files an upload
            uploads = [
                {"content": charts[ref], "filename": f"{ref}.png", "title": f"{ref} result"}
                for ref in refs[start : start + 10]
            ]
            await self._call("files_upload_v2", channel=self.staff_channel, file_uploads=uploads)

    async def _call(self, method: str, **arguments):
        """A Web API call; failures become DeliveryError, permanent or not."""
        try:
            return await getattr(self.client, method)(**arguments)
        except SlackApiError as err:
            message, permanent = explain(err)
            raise DeliveryError(message, permanent=permanent) from None
        except (aiohttp.ClientError, asyncio.TimeoutError) as err:
            raise DeliveryError(f"could not reach Slack ({type(err).__name__})", permanent=False) from None

    async def _healthz(self, _request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "platform": self.platform})

    # -- who is who ---------------------------------------------------------------

    async def role_of(self, user_id: str) -> Role:
        if user_id in self.staff_users:
            return Role.STAFF
        if self.staff_group:
            now = self.clock.now()
            if self._staff_group is None or now - self._staff_group[0] > STAFF_CACHE:
                try:
                    found = await self.client.usergroups_users_list(usergroup=self.staff_group)
                    self._staff_group = (now, set(found.get("users", [])))
                except SlackApiError as err:
                    log.warning("slack: cannot read SLACK_STAFF_GROUP: %s", explain(err)[0])
                    self._staff_group = (now, self._staff_group[1] if self._staff_group else set())
            if user_id in self._staff_group[1]:
                return Role.STAFF
        return Role.MEMBER

    async def is_bot(self, user_id: str) -> bool:
        """Reaction events do not say whether a bot reacted; users.info does (cached: it never changes)."""
        if user_id == self.bot_user_id:
            return True
        if user_id not in self._is_bot:
            try:
                info = await self.client.users_info(user=user_id)
                user = info.get("user", {})
                self._is_bot[user_id] = bool(user.get("is_bot") or user.get("is_app_user"))
            except SlackApiError as err:
                log.warning("slack: users.info failed for a reaction: %s", explain(err)[0])
                return False
        return self._is_bot[user_id]

    # -- inbound ----------------------------------------------------------------

    async def _record(self, event: InboundEvent | None) -> Outcome | None:
        return await self._dispatch(event) if event is not None else None

    def _listen(self) -> None:
        app = self.app
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

    async def _on_error(self, error: Exception, body: dict) -> None:
        log.error("slack: a request failed: %s: %s", type(error).__name__, error)
        raise error  # bolt answers 500 (Slack will retry; the core ignores what it already has)

    async def _on_message(self, body: dict) -> None:
        async def work() -> Outcome | None:
            author = translate.author(body.get("event", {}))
            role = await self.role_of(author) if author else Role.MEMBER
            return await self._record(translate.message_event(body, self.team_id, role))

        await self.deadline.run(work())

    async def _on_reaction(self, body: dict) -> None:
        async def work() -> Outcome | None:
            user = body.get("event", {}).get("user")
            if not user or await self.is_bot(user):
                return None
            return await self._record(translate.reaction_event(body, self.team_id, await self.role_of(user)))

        await self.deadline.run(work())

    async def _on_vote(self, ack, body: dict, respond) -> None:
        async def work() -> Outcome | None:
            user = body.get("user", {}).get("id", "")
            return await self._record(translate.vote_event(body, self.team_id, await self.role_of(user)))

        outcome = await self.deadline.run(work(), late=lambda o: self._respond(respond, o))
        await ack()
        if isinstance(outcome, Outcome):
            self.deadline.spawn(self._respond(respond, outcome))  # the confirmation goes after the ack

    async def _respond(self, respond, outcome: Outcome) -> None:
        if outcome.reply:
            await respond(text=blocks.escape(outcome.reply), response_type="ephemeral", replace_original=False)

    async def _member(self, user_id: str) -> MemberRef:
        return translate.member(self.team_id, user_id, await self.role_of(user_id))

    async def _command(self, body: dict, text: str) -> Outcome | None:
        event = CommandInvoked(
            event_id=f"command:{body.get('trigger_id')}",
            member=await self._member(body.get("user_id", "")),
            at=self.clock.now(),
            text=text,
        )
        return await self._record(event)

    async def _answer(self, ack, respond, work: Awaitable[Outcome | None]) -> None:
        """Ack a slash command with the core's answer, or with a holding note if it is slow."""
        try:
            outcome = await self.deadline.run(work, late=lambda o: self._respond(respond, o))
        except Exception:
            log.exception("slack: a slash command failed")
            await ack(text=SORRY.reply)
            return
        if outcome is LATE:
            await ack(text="Working on it…")
        else:
            await ack(text=blocks.escape(outcome.reply or "Done.") if outcome else "Done.")

    async def _on_idea(self, ack, body: dict, respond) -> None:
        text = body.get("text", "")
        if not text.strip():
            metadata = {"channel": body.get("channel_id", ""), "response_url": body.get("response_url", "")}
            await self._open_modal(ack, body, modals.idea_modal(metadata))
            return

        async def work() -> Outcome | None:
            member = await self._member(body.get("user_id", ""))
            event_id = f"command:{body.get('trigger_id')}"
            return await self._record(IdeaSubmitted(event_id=event_id, member=member, at=self.clock.now(), text=text))

        await self._answer(ack, respond, work())

    async def _open_modal(self, ack, body: dict, view: dict) -> None:
        await ack()
        try:
            await self.client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except SlackApiError as err:
            log.warning("slack: could not open a form: %s", explain(err)[0])

    async def _on_card(self, ack, body: dict, respond) -> None:
        text = body.get("text", "").strip()
        if text:
            await self._answer(ack, respond, self._command(body, f"publish {text}"))
            return
        try:
            role = await asyncio.wait_for(self.role_of(body.get("user_id", "")), timeout=self.deadline.seconds / 2)
        except asyncio.TimeoutError:
            role = Role.MEMBER
        if role is not Role.STAFF:
            await ack(text="Sorry, /card is for the policy team.")
            return
        metadata = {"channel": body.get("channel_id", ""), "response_url": body.get("response_url", "")}
        await self._open_modal(ack, body, modals.card_modal(metadata))

    async def _on_poll(self, ack, body: dict, respond) -> None:
        await self._answer(ack, respond, self._command(body, f"poll {body.get('text', '')}"))

    async def _on_listening(self, ack, body: dict, respond) -> None:
        await self._answer(ack, respond, self._command(body, body.get("text", "").strip() or "help"))

    async def _on_idea_modal(self, ack, body: dict, view: dict) -> None:
        await ack()  # the form closes at once; the answer follows

        async def work() -> None:
            user = body.get("user", {}).get("id", "")
            event_id = f"view:{view.get('id')}"
            text = modals.submitted(view).get("idea", "")
            event = IdeaSubmitted(event_id=event_id, member=await self._member(user), at=self.clock.now(), text=text)
            await self._tell(user, view, await self._record(event))

        self.deadline.spawn(work())

    async def _on_card_modal(self, ack, body: dict, view: dict) -> None:
        values = modals.submitted(view)
        try:
            fields = {k: v for k, v in values.items() if v and k != "closes_at"}
            if values.get("closes_at"):
                fields["closes_at"] = parse_when(values["closes_at"], self.clock.now(), self.zone)
            card = PolicyCard.model_validate(fields)
        except ValidationError as err:
            errors = {str(e["loc"][0]): e["msg"].removeprefix("Value error, ") for e in err.errors() if e["loc"]}
            await ack(response_action="errors", errors=errors or {"title": "Please check the card"})
            return
        except ValueError as err:
            await ack(response_action="errors", errors={"closes_at": str(err)})
            return
        await ack()

        async def work() -> None:
            user = body.get("user", {}).get("id", "")
            event_id = f"view:{view.get('id')}"
            event = TopicWritten(event_id=event_id, member=await self._member(user), at=self.clock.now(), content=card)
            await self._tell(user, view, await self._record(event))

        self.deadline.spawn(work())

    async def _tell(self, user: str, view: dict, outcome: Outcome | None) -> None:
        """Answer a form privately: through the slash command's response URL, which works
        in any channel (and in direct messages), else as an ephemeral message."""
        if outcome is None or not outcome.reply:
            return
        origin = modals.origin(view)
        text = blocks.escape(outcome.reply)
        try:
            if origin.get("response_url"):
                await AsyncWebhookClient(origin["response_url"]).send(
                    text=text, response_type="ephemeral", replace_original=False
                )
            else:
                await self.send_private(
                    translate.member(self.team_id, user), outcome.reply, channel_id=origin.get("channel")
                )
        except (DeliveryError, aiohttp.ClientError) as err:
            log.warning("slack: could not answer a form privately: %s", err)
