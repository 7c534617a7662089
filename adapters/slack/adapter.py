"""The Slack adapter: bolt's AsyncApp in Socket Mode or HTTP mode, speaking the core's contract."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import blocks, http, summary, translate
from adapters.slack.errors import explain
from adapters.slack.inbound import Listeners
from adapters.slack.respond import respond
from adapters.slack.retries import RateLimited, ServerError
from bot import health
from bot.clock import Clock, SystemClock
from bot.deadline import Deadline
from bot.domain import ChannelRef, ChannelRole, MemberRef, Post, PostedMessage, Role, Tally, Topic
from bot.errors import DeliveryError, StartupError
from bot.platform import Adapter, Dispatch

log = logging.getLogger(__name__)

ACK_BUDGET = 2.5  # seconds: Slack wants an answer within 3
HISTORY_PAGES = 10
STAFF_CACHE = timedelta(minutes=5)
METADATA_TYPE = "listening_topic"


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
        wall: Callable[[], float] = time.time,
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
        self.signing_secret = signing_secret or ""
        self.wall = wall  # the real time, for the freshness of signed requests
        self.sleep = sleep
        self.deadline = Deadline(ack_budget, self.platform)
        self.client = AsyncWebClient(
            token=bot_token,
            base_url=api_url if api_url.endswith("/") else api_url + "/",
            retry_handlers=[RateLimited(sleep=sleep), ServerError(sleep=sleep)],
        )
        self.app = AsyncApp(
            client=self.client,
            signing_secret=self.signing_secret,
            request_verification_enabled=False,  # done on the raw bytes first, by adapters/slack/http.py
            process_before_response=True,  # ack after the core has recorded the event: nothing is lost
            logger=logging.getLogger("slack_bolt"),
        )
        self.team_id = ""
        self.bot_user_id = ""
        self._dispatch: Dispatch | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._server = health.Server(host, port)  # HTTP mode's
        self._is_bot: dict[str, bool] = {}
        self._staff_group: tuple[datetime, set[str]] | None = None
        self._health_source = lambda: health.report([self])
        self._names: dict[str, str] = {}  # member channel id -> "#name"
        self.listeners = Listeners(self)  # what Slack sends, recorded before it is acknowledged

    # -- the contract -----------------------------------------------------------

    async def setup(self) -> None:
        try:
            me = await self.client.auth_test()
        except SlackApiError as err:
            raise StartupError(f"Slack rejected SLACK_BOT_TOKEN: {explain(err)[0]}") from None
        except (aiohttp.ClientError, asyncio.TimeoutError) as err:
            raise StartupError(f"could not reach Slack ({type(err).__name__}); check SLACK_API_URL") from None
        self.team_id, self.bot_user_id = me["team_id"], me["user_id"]
        log.info("slack: connected to workspace %s as %s", self.team_id, self.bot_user_id)
        for channel in self.member_channel_ids:
            self._names[channel] = await self._name_of(channel)

    async def _name_of(self, channel: str) -> str:
        """ "#members", as people see it in the summary; without the scope to read it (an app
        installed before channels:read), a mention, which Slack shows as the name."""
        try:
            found = (await self.client.conversations_info(channel=channel)).get("channel") or {}
        except (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError):
            found = {}
        name = found.get("name") if isinstance(found, dict) else None
        return f"#{name}" if isinstance(name, str) and name else f"<#{channel}>"

    def channels(self) -> Sequence[ChannelRef]:
        found = [
            ChannelRef(self.platform, self.team_id, c, ChannelRole.MEMBER, self._names.get(c, f"<#{c}>"))
            for c in self.member_channel_ids
        ]
        if self.staff_channel:
            found.append(ChannelRef(self.platform, self.team_id, self.staff_channel, ChannelRole.STAFF, "staff"))
        return found

    async def start(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch
        if self.socket_mode:
            await self._check_app_token()
            self._socket = AsyncSocketModeHandler(self.app, self.app_token)
            await self._socket.connect_async()
            log.info("slack: Socket Mode connected")
        else:
            web_app = http.web_app(self.app, self.signing_secret, self.wall, self._healthz)
            await self._server.start(web_app)
            log.info("slack: HTTP mode listening on %s:%s/slack/events", self.host, self.bound_port)

    async def _check_app_token(self) -> None:
        """Socket Mode would retry a refused app-level token every ten seconds, forever, posting
        nothing: ask Slack once first, and stop with a clear message if it says no."""
        if not self.app_token.startswith("xapp-"):
            raise StartupError("SLACK_APP_TOKEN must be an app-level token (xapp-…), from the app's Basic Information")
        try:
            await self.client.apps_connections_open(app_token=self.app_token)
        except SlackApiError as err:
            code = err.response.get("error", "unknown_error") if err.response else "unknown_error"
            raise StartupError(
                f"Slack rejected SLACK_APP_TOKEN ({code}): create an app-level token with "
                "connections:write and set it again"
            ) from None

    @property
    def bound_port(self) -> int | None:
        """The port HTTP mode listens on (useful when asked for port 0)."""
        return self._server.bound_port

    async def stop(self) -> None:
        await self.deadline.drain()
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        await self._server.stop()

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

    async def tell_privately(self, member: MemberRef, text: str, *, channel_id: str | None = None) -> None:
        """A form's answer when there is no response URL: ephemeral in the channel, else a DM."""
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

    async def send_owed(self, destination: str, text: str) -> bool:
        """An owed confirmation, to the response URL it names: one try (the core tries again later)."""
        return await respond(destination, text)

    def health(self) -> tuple[bool, str]:
        if self.socket_mode:
            client = self._socket.client if self._socket is not None else None
            session = getattr(client, "current_session", None)
            # What the client's own (async) is_connected() checks, bar the ping, read synchronously.
            if client is not None and not client.closed and not client.stale and session and not session.closed:
                return True, "Socket Mode connected"
            return False, "Socket Mode not connected (reconnecting)"
        return (True, "listening for events") if self._server.running else (False, "not listening")

    def serve_health(self, source) -> bool:
        if self.socket_mode:
            return False
        self._health_source = source
        return True

    async def _healthz(self, request: web.Request) -> web.Response:
        return await health.handler(self._health_source)(request)

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
