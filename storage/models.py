"""The schema. Constraints that protect the numbers live here, for every writer."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.domain.text import clean_text, clean_value

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out, on SQLite (which has no time zones) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class CleanString(TypeDecorator):
    """A VARCHAR that every database can store whatever it is given: NUL and lone
    surrogates (which PostgreSQL, or UTF-8 itself, refuses) become U+FFFD on the way in,
    in values and in comparisons alike. The column type is unchanged: no migration."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return clean_text(value) if isinstance(value, str) else value


class CleanText(CleanString):
    impl = Text
    cache_ok = True


class CleanJSON(TypeDecorator):
    """JSON whose every string (keys too) is cleaned as CleanString does."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return clean_value(value)


class Base(AsyncAttrs, DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime, dict: CleanJSON, list: CleanJSON}


class TopicRow(Base):
    """A published policy card or quick poll."""

    __tablename__ = "topics"
    __table_args__ = (
        CheckConstraint("kind IN ('card', 'poll')", name="kind"),
        CheckConstraint("status IN ('scheduled', 'open', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(CleanString(8))
    slug: Mapped[str | None] = mapped_column(CleanString(80), unique=True)
    title: Mapped[str] = mapped_column(CleanString(300))
    content: Mapped[dict]  # the validated card or poll, as authored
    option_count: Mapped[int]
    multiple: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(CleanString(10), default="open")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None] = mapped_column(index=True)
    published_at: Mapped[datetime]  # when it went (or goes) out to members
    closed_at: Mapped[datetime | None]


class MemberRow(Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", "user_id"),
        CheckConstraint("role IN ('member', 'staff')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(CleanString(16))
    workspace_id: Mapped[str] = mapped_column(CleanString(64))
    user_id: Mapped[str] = mapped_column(CleanString(64))
    # What exports and summaries show instead of the platform identity.
    pseudonym: Mapped[str] = mapped_column(CleanString(16), unique=True)
    role: Mapped[str] = mapped_column(CleanString(8), default="member")
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at: Mapped[datetime]


class ChannelRow(Base):
    __tablename__ = "channels"
    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", "channel_id"),
        CheckConstraint("role IN ('member', 'staff')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(CleanString(16))
    workspace_id: Mapped[str] = mapped_column(CleanString(64))
    channel_id: Mapped[str] = mapped_column(CleanString(64))
    role: Mapped[str] = mapped_column(CleanString(8))
    name: Mapped[str] = mapped_column(CleanString(200), default="")


class PostRow(Base):
    """A topic as posted in one channel. One per (topic, channel): never posted twice."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("topic_id", "channel_id"),
        UniqueConstraint("channel_id", "thread_id"),
        Index("ix_posts_thread_id", "thread_id"),
        Index("ix_posts_message_id", "message_id"),
        CheckConstraint("state IN ('claimed', 'posted', 'failed')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(CleanString(8), default="claimed")
    message_id: Mapped[str | None] = mapped_column(CleanString(64))
    thread_id: Mapped[str | None] = mapped_column(CleanString(64))
    claimed_at: Mapped[datetime]
    posted_at: Mapped[datetime | None]
    # Set once the final result has been shown on the post, so it is shown once.
    finalised_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(CleanText)


class VoteRow(Base):
    """A member's current vote. `slot` is 0 for single choice and the option for
    multiple choice, so the unique key is exactly "one vote per member per topic
    (per option when several may be chosen)"."""

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("topic_id", "member_id", "slot"),
        CheckConstraint("option >= 0", name="option"),
        CheckConstraint("slot = 0 OR slot = option", name="slot"),
        Index("ix_votes_topic_option", "topic_id", "option"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    option: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    cast_at: Mapped[datetime]
    changed_at: Mapped[datetime]
    changes: Mapped[int] = mapped_column(Integer, default=0)
    # What the slot held before the latest click on it (the same option for a repeat click;
    # NULL for a vote cast once): the upsert that casts a vote returns it (storage/votes.py).
    previous_option: Mapped[int | None] = mapped_column(Integer)


class VoteChangeRow(Base):
    """Every change of a member's vote, in the order it happened: a choice (`option`) or a
    withdrawal (`option` NULL) in one slot. `votes` is the last entry of each slot, kept in
    the same transaction; the distribution at any moment is each member's entry in force then."""

    __tablename__ = "vote_changes"
    __table_args__ = (
        CheckConstraint("option IS NULL OR option >= 0", name="option"),
        # Covers "each member's last change before a moment" without reading the table.
        Index("ix_vote_changes_topic_member", "topic_id", "member_id", "slot", "at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    slot: Mapped[int] = mapped_column(Integer)
    option: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime]


class ReactionRow(Base):
    __tablename__ = "reactions"
    __table_args__ = (UniqueConstraint("post_id", "member_id", "emoji"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    emoji: Mapped[str] = mapped_column(CleanString(100))
    added_at: Mapped[datetime]


# Rows whose text has no masked copy yet, for a partial index both databases support.
_UNMASKED_WHERE = "masked_text IS NULL AND text IS NOT NULL"
_UNMASKED = {"sqlite_where": text(_UNMASKED_WHERE), "postgresql_where": text(_UNMASKED_WHERE)}


class ReplyRow(Base):
    """A message in a post's thread. A deleted reply keeps its row (so a late
    redelivery cannot bring it back) but loses its text. `masked_text` is the text with
    personal details masked, made once for each recorded or edited text, soon after its
    event is acknowledged (NULL until then): the only form of it that a summary quotes or
    builds themes from."""

    __tablename__ = "replies"
    __table_args__ = (
        UniqueConstraint("post_id", "message_id"),
        CheckConstraint("deleted_at IS NULL OR (text IS NULL AND masked_text IS NULL)", name="deleted_has_no_text"),
        Index("ix_replies_unmasked", "id", **_UNMASKED),  # what the masking backlog still has to do
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(CleanString(64))
    text: Mapped[str | None] = mapped_column(CleanText)
    masked_text: Mapped[str | None] = mapped_column(CleanText)
    posted_at: Mapped[datetime]
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]


class IdeaRow(Base):
    __tablename__ = "ideas"
    __table_args__ = (Index("ix_ideas_unmasked", "id", **_UNMASKED),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(CleanText)
    masked_text: Mapped[str | None] = mapped_column(CleanText)  # what a summary shows
    submitted_at: Mapped[datetime] = mapped_column(index=True)
    # The inbound event that created it, so a redelivery can answer with the same reference.
    event_key: Mapped[str | None] = mapped_column(CleanString(200), unique=True)


class SeenEventRow(Base):
    """Every inbound platform event once; a redelivery finds its key here."""

    __tablename__ = "seen_events"

    platform: Mapped[str] = mapped_column(CleanString(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(CleanString(160), primary_key=True)
    seen_at: Mapped[datetime]


class OwedMessageRow(Base):
    """A private answer owed to a member after their event was acknowledged (a confirmation),
    kept until it is sent: any instance sends it, and takes it over if the one sending died."""

    __tablename__ = "owed_messages"
    __table_args__ = (Index("ix_owed_messages_due", "platform", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(CleanString(16))
    destination: Mapped[str] = mapped_column(CleanText())  # where the platform takes it (a response URL)
    text: Mapped[str] = mapped_column(CleanText())
    created_at: Mapped[datetime]
    due_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)


class ScheduledRunRow(Base):
    """A scheduled job's run, claimed here first, so it happens once however many
    instances are running (e.g. `summary:2026-W47:slack:C0STAFF`)."""

    __tablename__ = "scheduled_runs"

    key: Mapped[str] = mapped_column(CleanString(200), primary_key=True)
    claimed_at: Mapped[datetime]
