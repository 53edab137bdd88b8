"""The Dask engine: rows screened partition by partition on a Dask cluster, results in order."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from sanctscreen.engines.interface import CHUNK_ROWS, Batch, Engine, Source, kept, shifted
from sanctscreen.engines.local import TableStream
from sanctscreen.errors import ConfigError, InputError
from sanctscreen.inputs.cells import RowBuilder
from sanctscreen.inputs.columns import Layout, find_column, first_row_texts, layout
from sanctscreen.models import Subject
from sanctscreen.screen import Screener

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

# distributed has no type hints: its client and futures are typed by name only.
Client = Any
Future = Any

# Parquet numbers records as a CSV would: the column names are row 1, the first record row 2.
FIRST_ROW = 2
# Chunks of a non-Parquet file in flight at once per worker: enough to keep each busy while
# the next chunk is read here, few enough to keep memory flat.
IN_FLIGHT_PER_WORKER = 2
# How long to keep trying a scheduler that does not answer (distributed retries meanwhile).
CONNECT_TIMEOUT = "10s"


@dataclass(frozen=True)
class Plan:
    """How a partition's rows become Subjects: the file they are reported under, the columns."""

    file: str
    layout: Layout


def plan_for(columns: Sequence[Any], file: str, name_column: str | None = None) -> Plan:
    """The column roles of a table whose first row is its header (Parquet, a DataFrame)."""
    head = [(1, [str(c) for c in columns])]
    if name_column is not None:
        hit = find_column(head, name_column)
        if hit is None:
            listing = ", ".join(first_row_texts(head)) or "(none)"
            raise InputError(f"column {name_column!r} not found; columns: {listing}", path=file)
        return Plan(file, layout(head, 0, name_index=hit[1]))
    found = layout(head, 0)
    if found.name_index is None and not found.id_indexes:
        listing = ", ".join(first_row_texts(head)) or "(none)"
        raise InputError(f"no name column found; columns: {listing}", path=file,
                         hint="use --name-column")
    return Plan(file, found)


def screen_partition(part: pd.DataFrame, screener: Screener, plan: Plan, keep_clear: bool
                     ) -> Batch:
    """Screen one partition; rows are numbered as if it began the file (the client shifts)."""
    import pyarrow as pa

    # Through Arrow, cells become the same Python values the Parquet reader gives.
    table = pa.Table.from_pandas(part, preserve_index=False)
    columns = [column.to_pylist() for column in table.columns]
    rows = ((FIRST_ROW + i, list(values)) for i, values in enumerate(zip(*columns, strict=True)))
    builder = RowBuilder(plan.file, None, plan.layout)
    # One process per Dask worker: the cluster, not the screener, provides the parallelism.
    results = screener.screen(builder.build(rows), workers=1)
    return Batch(len(part), kept(results, keep_clear))


def screen_subjects(screener: Screener, subjects: Sequence[Subject], keep_clear: bool) -> Batch:
    """Screen rows read elsewhere (numbered already)."""
    return Batch(len(subjects), kept(screener.screen(subjects, workers=1), keep_clear))


def share(client: Client, screener: Screener) -> Future:
    """Send the compiled screener to every worker once; tasks then refer to it by key."""
    [future] = client.scatter([screener], broadcast=True, hash=False)
    return future


def screen_dataframe(frame: dd.DataFrame, screener: Screener | Future, client: Client, *,
                     file: str = "", name_column: str | None = None, keep_clear: bool = False
                     ) -> Iterator[Batch]:
    """Screen a Dask DataFrame on `client`, partition by partition, in row order.

    Each partition comes back as its length and its kept results numbered from FIRST_ROW;
    the offsets are the lengths of the partitions before it, so no second pass is needed.
    """
    from dask.delayed import delayed

    plan = plan_for(list(frame.columns), file, name_column)
    shared = share(client, screener) if isinstance(screener, Screener) else screener
    tasks = [delayed(screen_partition, pure=False)(part, shared, plan, keep_clear)
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

    def run(self, screener: Screener, sources: Sequence[Source], *, keep_clear: bool = False
            ) -> Iterator[Batch]:
        client, cluster = self._connect()
        try:
            shared = share(client, screener)
            for source in sources:
                if source.path.suffix.lower() == ".parquet":
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

    def _chunks(self, client: Client, shared: Future, source: Source, keep_clear: bool
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
