"""The fields of Slack's payloads the translators read, typed (Events API `message` and
`reaction_*` events, `block_actions`), as Slack documents them. Everything else is ignored;
a field of the wrong type, or absurd, fails validation and the payload is dropped."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# "1700000000.000100": seconds and microseconds. Not "-inf", not "1e400", not true.
Ts = Annotated[str, StringConstraints(pattern=r"^\d{1,12}(\.\d{1,9})?$")]
# Team, channel, user, bot and event ids ("T0001", "C2147483705", "U2147483697", "Ev0PV52K25").
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Text = Annotated[str, Field(max_length=100_000)]  # Slack's own limit is 40,000 characters
Short = Annotated[str, Field(max_length=255)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Message(_Model):
    ts: Ts | None = None
    thread_ts: Ts | None = None
    user: Id | None = None
    bot_id: Id | None = None
    subtype: Short | None = None
    text: Text | None = None
    edited: dict | None = None


class MessageEvent(Message):
    type: Literal["message"]
    channel: Id
    event_ts: Ts | None = None
    deleted_ts: Ts | None = None
    message: Message | None = None
    previous_message: Message | None = None


class MessageEnvelope(_Model):
    event_id: Id
    event: MessageEvent


class Item(_Model):
    type: Short
    channel: Id | None = None
    ts: Ts | None = None


class ReactionEvent(_Model):
    type: Literal["reaction_added", "reaction_removed"]
    user: Id
    reaction: Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=r"^[^\s:]+(::[^\s:]+)?$")]
    item: Item
    event_ts: Ts | None = None


class ReactionEnvelope(_Model):
    event_id: Id
    event: ReactionEvent


class User(_Model):
    id: Id


class Container(_Model):
    channel_id: Id | None = None
    message_ts: Ts | None = None


class Channel(_Model):
    id: Id


class ClickedMessage(_Model):
    ts: Ts | None = None


class Action(_Model):
    action_id: Short
    action_ts: Ts


class BlockActions(_Model):
    user: User
    response_url: Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://")] | None = None
    actions: Annotated[list[Action], Field(min_length=1, max_length=5)]
    container: Container | None = None
    channel: Channel | None = None
    message: ClickedMessage | None = None
