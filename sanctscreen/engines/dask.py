"""The Dask engine: rows screened partition by partition on a Dask cluster, results in order."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from sanctscreen.engines.interface import (
    CHUNK_ROWS,
    Batch,
    Engine,
    FrameSource,
    Source,
    Sources,
    kept,
    shifted,
)
from sanctscreen.engines.local import TableStream
from sanctscreen.errors import ConfigError, InputError
from sanctscreen.inputs import frame_sheets
from sanctscreen.models import Subject
from sanctscreen.screen import Screener

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

    from sanctscreen.api import Screener as PublicScreener

# distributed has no type hints: its client and futures are typed by name only.
Client = Any
Future = Any

# Chunks of a non-Parquet file in flight at once per worker: enough to keep each busy while
# the next chunk is read here, few enough to keep memory flat.
IN_FLIGHT_PER_WORKER = 2
# How long to keep trying a scheduler that does not answer (distributed retries meanwhile).
CONNECT_TIMEOUT = "10s"


def screen_partition(part: pd.DataFrame, screener: Screener, file: str,
                     name_column: str | None, keep_clear: bool) -> Batch:
    """Screen one partition; rows are numbered as if it began the file (the client shifts).

    Its records are read as those of any DataFrame (sanctscreen.inputs.frame): the same
    Python values the Parquet reader gives, the same columns found.
    """
    sheet = next(frame_sheets(part, file, name_column))
    # One process per Dask worker: the cluster, not the screener, provides the parallelism.
    results = screener.screen(sheet.builder().build(sheet.rows), workers=1)
    return Batch(len(part), kept(results, keep_clear))


def screen_subjects(screener: Screener, subjects: Sequence[Subject], keep_clear: bool) -> Batch:
    """Screen rows read elsewhere (numbered already)."""
    return Batch(len(subjects), kept(screener.screen(subjects, workers=1), keep_clear))


def share(client: Client, screener: Screener) -> Future:
    """Send the compiled screener to every worker once; tasks then refer to it by key."""
    [future] = client.scatter([screener], broadcast=True, hash=False)
    return future


def screen_dataframe(frame: dd.DataFrame, screener: PublicScreener | Screener | Future,
                     client: Client, *, file: str = "", name_column: str | None = None,
                     keep_clear: bool = False) -> Iterator[Batch]:
    """Screen a Dask DataFrame on `client`, partition by partition, in row order.

    `screener` is the one a library caller built (`sanctscreen.Screener.from_lists`), the
    pipeline's own, or one already sent to the workers (`share`). Each partition comes back
    as its length and its kept results numbered from FIRST_ROW; the offsets are the lengths
    of the partitions before it, so no second pass is needed.
    """
    import pandas as pd
    from dask.delayed import delayed

    from sanctscreen.api import Screener as PublicScreener

    # The columns are judged here, before any partition is computed: a frame without a name
    # column fails at once, with the message a file would get.
    next(frame_sheets(pd.DataFrame(columns=list(frame.columns)), file, name_column))
    if isinstance(screener, PublicScreener):
        screener = screener.pipeline
    shared = share(client, screener) if isinstance(screener, Screener) else screener
    tasks = [delayed(screen_partition, pure=False)(part, shared, file, name_column, keep_clear)
             for part in frame.to_delayed()]  # type: ignore[no-untyped-call]
    offset = 0
    for future in client.compute(tasks):
        batch: Batch = future.result()
        future.release()
        yield Batch(batch.rows, tuple(shifted(r, offset) for r in batch.results))
        offset += batch.rows


class DaskEngine(Engine):
    """Parquet files are read by the workers, partition by partition; other files are read
    here in chunks and the chunks screened on the workers."""

    NAME: ClassVar[str] = "dask"

    def __init__(self, scheduler: str | None = None, chunk_rows: int = CHUNK_ROWS) -> None:
        self.scheduler = scheduler
        self.chunk_rows = chunk_rows

    def run(self, screener: Screener, sources: Sources, *, keep_clear: bool = False
            ) -> Iterator[Batch]:
        client, cluster = self._connect()
        try:
            shared = share(client, screener)
            for source in sources:
                if isinstance(source, Source) and source.path.suffix.lower() == ".parquet":
                    yield from self._parquet(client, shared, source, keep_clear)
                else:
                    yield from self._chunks(client, shared, source, keep_clear)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _connect(self) -> tuple[Client, Any]:
        """A client of the given scheduler, or of a new cluster of one worker per core."""
        try:
            from distributed import Client as DaskClient
            from distributed import LocalCluster
        except ImportError:
            raise ConfigError("--engine dask needs dask and distributed",
                              hint="pip install 'sanctscreen[dask]'") from None
        if self.scheduler:
            try:
                return DaskClient(self.scheduler, timeout=CONNECT_TIMEOUT), None  # type: ignore[no-untyped-call]
            except OSError as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {self.scheduler} "
                                  f"({exc})") from None
        cluster = LocalCluster(n_workers=os.cpu_count() or 1,  # type: ignore[no-untyped-call]
                               threads_per_worker=1, processes=True, dashboard_address=":0")
        return DaskClient(cluster), cluster  # type: ignore[no-untyped-call]

    def _parquet(self, client: Client, shared: Future, source: Source, keep_clear: bool
                 ) -> Iterator[Batch]:
        import dask.dataframe as dd

        if source.sheet is not None:
            raise InputError("file has no sheets to choose from (it is Parquet data)",
                             path=source.path, hint="--sheet applies to workbooks only")
        try:
            frame = dd.read_parquet(source.path, dtype_backend="pyarrow")
        except (OSError, ValueError) as exc:
            text = " ".join(str(exc).split())[:200]
            raise InputError(f"Parquet file cannot be read ({text})", path=source.path) from None
        yield from screen_dataframe(frame, shared, client, file=source.file,
                                    name_column=source.name_column, keep_clear=keep_clear)

    def _chunks(self, client: Client, shared: Future, source: Source | FrameSource,
                keep_clear: bool
                ) -> Iterator[Batch]:
        window = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
        stream = TableStream([source], self.chunk_rows)
        pending: list[tuple[Future, tuple[str, ...]]] = []
        for table in stream.tables():
            future = client.submit(screen_subjects, shared, list(table.subjects), keep_clear,
                                   pure=False)
            pending.append((future, stream.take_warnings()))
            if len(pending) >= window:
                yield _collect(*pending.pop(0))
        while pending:
            yield _collect(*pending.pop(0))


def _collect(future: Future, warnings: tuple[str, ...]) -> Batch:
    batch: Batch = future.result()
    future.release()
    return Batch(batch.rows, batch.results, warnings)
