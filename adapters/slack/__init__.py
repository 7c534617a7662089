"""Slack: cards and polls as Block Kit messages, votes as buttons, comments in threads."""
