"""`listening-bot run` as a real process, for the tests (and bench) that need one: a start-up,
a kill, a process manager's SIGTERM."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import aiohttp


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def start(env: dict, folder: Path, *, output: bool = True) -> asyncio.subprocess.Process:
    """The bot, with `env` as its settings; its output captured (or thrown away)."""
    pipe = asyncio.subprocess.PIPE if output else asyncio.subprocess.DEVNULL
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=folder,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=pipe,
        stderr=pipe,
    )


async def until_listening(http: aiohttp.ClientSession, port: int) -> dict:
    """Wait for /healthz to answer 200 (start-up takes seconds: the masking model loads); its JSON."""
    for _ in range(1200):
        try:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                if response.status == 200:
                    return await response.json()
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.05)
    raise AssertionError("the bot never answered /healthz")


async def stop(process: asyncio.subprocess.Process, *, kill: bool = False) -> None:
    """End the bot: SIGTERM as a process manager sends it (or SIGKILL), and SIGKILL if it has not
    stopped within 20 s, so no test leaves a bot running behind it."""
    if process.returncode is not None:
        return
    if kill:
        process.kill()
    else:
        process.terminate()
    try:
        await asyncio.wait_for(process.wait(), timeout=20)
    except TimeoutError:
        process.kill()
        await process.wait()
