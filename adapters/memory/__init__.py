"""An adapter that keeps everything in memory: for tests, and for the demo."""

from adapters.memory.adapter import MemoryAdapter

__all__ = ["MemoryAdapter"]
