"""Settings, from environment variables and an optional `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from storage.database import describe, normalise_url, passwords

SHIPPED_EXAMPLES = Path(__file__).resolve().parent / "examples"


def default_cards_dir() -> Path:
    """`examples/` in the working directory when there is one, otherwise the examples shipped with the bot."""
    here = Path("examples")
    return here if here.is_dir() else SHIPPED_EXAMPLES


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(
        "sqlite+aiosqlite:///listening.db",
        description="SQLite file (the default) or postgresql://user:password@host/db",
    )
    timezone: str = Field("Europe/London", description="the association's time zone, for closing times and weeks")
    cards_dir: Path = Field(
        default_factory=default_cards_dir,
        description="folder of authored cards and polls (Markdown); by default examples/ here if there is one, "
        "otherwise the examples shipped with the bot",
    )
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR")
    log_file: Path | None = Field(None, description="write logs here instead of standard error")
    sync_interval: float = Field(5.0, gt=0, description="seconds between checks for work from other processes")
    tally_interval: float = Field(1.0, ge=0, description="at most one tally update per post in this many seconds")
    summary_schedule: str = Field(
        "0 15 * * fri", description="when the weekly summary is posted: a cron line (minute hour day month weekday)"
    )

    # Slack (adapters/slack): with SLACK_BOT_TOKEN set, `run` starts the Slack adapter.
    slack_bot_token: SecretStr | None = Field(None, description="xoxb-… bot token (turns the Slack adapter on)")
    slack_app_token: SecretStr | None = Field(None, description="xapp-… app-level token: Socket Mode (no public URL)")
    slack_signing_secret: SecretStr | None = Field(None, description="signing secret: HTTP mode at /slack/events")
    slack_member_channels: Annotated[list[str], NoDecode] = Field(
        [], description="channel ids cards and polls are posted to, comma-separated"
    )
    slack_staff_channel: str | None = Field(None, description="channel id for staff notices and summaries")
    slack_staff_users: Annotated[list[str], NoDecode] = Field([], description="user ids of the policy team")
    slack_staff_group: str | None = Field(None, description="user group id (S…) of the policy team")
    slack_api_url: str = Field("https://slack.com/api/", description="Web API base URL (GovSlack uses another)")
    port: int = Field(3000, ge=1, le=65535, description="HTTP mode: the port /slack/events and /healthz listen on")

    # Discord (adapters/discord): with DISCORD_BOT_TOKEN set, `run` starts the Discord adapter.
    discord_bot_token: SecretStr | None = Field(None, description="bot token (turns the Discord adapter on)")
    discord_member_channels: Annotated[list[str], NoDecode] = Field(
        [], description="channel ids cards and polls are posted to, comma-separated"
    )
    discord_staff_channel: str | None = Field(None, description="channel id for staff notices and summaries")
    discord_staff_role: str | None = Field(None, description="role id whose holders are the policy team")

    @field_validator("slack_member_channels", "slack_staff_users", "discord_member_channels", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _slack_mode(self):
        if self.slack_bot_token and not (self.slack_app_token or self.slack_signing_secret):
            raise ValueError(
                "SLACK_BOT_TOKEN is set, so also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)"
            )
        return self

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def discord_enabled(self) -> bool:
        return self.discord_bot_token is not None

    @property
    def platforms_enabled(self) -> bool:
        return self.slack_enabled or self.discord_enabled

    @field_validator("database_url")
    @classmethod
    def _usable_url(cls, value: str) -> str:
        try:
            parsed = make_url(normalise_url(value))
        except ArgumentError:
            raise ValueError("not a database URL (e.g. sqlite:///listening.db or postgresql://host/db)") from None
        if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError(f"use SQLite or PostgreSQL, not {parsed.get_backend_name()}")
        if parsed.get_backend_name() == "sqlite" and not parsed.database:
            raise ValueError("name the SQLite file, e.g. sqlite:///listening.db")
        return value

    @field_validator("log_file")
    @classmethod
    def _log_folder(cls, value: Path | None) -> Path | None:
        if value is not None and not value.expanduser().resolve().parent.is_dir():
            raise ValueError(f"the folder {value.parent} does not exist")
        return value

    @field_validator("summary_schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value)
        except ValueError as err:
            raise ValueError(f"{value!r} is not a cron line like '0 15 * * fri': {err}") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/London)") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("use DEBUG, INFO, WARNING or ERROR")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def secrets(self) -> list[str]:
        """Every secret value, so logs can be scrubbed of them."""
        found = [v.get_secret_value() for v in self.__dict__.values() if isinstance(v, SecretStr)]
        return [s for s in [*found, *passwords(self.database_url)] if s]

    def shown(self) -> list[tuple[str, str, str]]:
        """(variable, value, description) with secrets masked."""
        rows = []
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                text = "********" if value.get_secret_value() else "(not set)"
            elif isinstance(value, list):
                text = ", ".join(value) or "(none)"
            elif name == "database_url":
                text = describe(value)
            else:
                text = "(not set)" if value is None else str(value)
            rows.append((name.upper(), text, field.description or ""))
        return rows
