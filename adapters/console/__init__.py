"""A terminal workspace for trying the bot with no Slack or Discord account."""

from adapters.console.adapter import ConsoleAdapter

__all__ = ["ConsoleAdapter"]
