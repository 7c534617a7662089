"""member-listening bot: the platform-neutral core.

Nothing in this package imports a chat platform's library; adapters translate
platform payloads into the events in :mod:`bot.events` and render the core's
cards and polls for their platform.
"""
