"""Where rows are screened: in this process (local) or on a Dask cluster; registry by NAME."""

from __future__ import annotations

from sanctscreen.engines.interface import CHUNK_ROWS, Batch, Engine, FrameSource, Source, Sources

# Names only: each engine's module is imported when it is chosen (Dask is heavy and optional).
ENGINE_NAMES = ("local", "dask")


def engine_for(name: str, *, scheduler: str | None = None, chunk_rows: int = CHUNK_ROWS
               ) -> Engine:
    """The engine called `name`, set up with the options that apply to it."""
    if name == "local":
        from sanctscreen.engines.local import LocalEngine

        return LocalEngine(chunk_rows)
    if name == "dask":
        from sanctscreen.engines.dask import DaskEngine

        return DaskEngine(scheduler, chunk_rows)
    from sanctscreen.errors import ConfigError

    raise ConfigError(f"unknown engine {name!r}", hint=f"choose from {', '.join(ENGINE_NAMES)}")


__all__ = ["CHUNK_ROWS", "ENGINE_NAMES", "Batch", "Engine", "FrameSource", "Source", "Sources",
           "engine_for"]
