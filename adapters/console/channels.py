"""The console's workspace: its one member channel and its staff channel."""

from bot.domain import ChannelRef, ChannelRole

PLATFORM = "console"
WORKSPACE = "local"
MEMBERS = ChannelRef(PLATFORM, WORKSPACE, "members", ChannelRole.MEMBER, "#members")
STAFF = ChannelRef(PLATFORM, WORKSPACE, "staff", ChannelRole.STAFF, "#staff")
HERE = (PLATFORM, WORKSPACE, MEMBERS.channel_id)  # where a reply of this console's is
