"""Reading the person's lines: standard input, one line at a time, without keeping the process alive."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable

ReadLine = Callable[[str], Awaitable[str | None]]


async def read_stdin(prompt: str) -> str | None:
    """One line from standard input (None at its end), read in a daemon thread: a
    thread left waiting for a line must not keep the process alive once the bot stops."""
    loop = asyncio.get_running_loop()
    line: asyncio.Future[str | None] = loop.create_future()

    def settle(result: str | None, error: BaseException | None) -> None:
        if not line.done():
            line.set_exception(error) if error is not None else line.set_result(result)

    def read() -> None:
        result, error = None, None
        try:
            result = input(prompt)
        except EOFError:
            pass
        except BaseException as err:  # noqa: BLE001 - handed to the loop, which raises it
            error = err
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting for the line
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=read, name="console-input", daemon=True).start()
    return await line
