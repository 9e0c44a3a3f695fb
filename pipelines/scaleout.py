"""The sharded job: N shard assets writing Parquet, one assembler building the warehouse of views.

    hodo_sharded_job:  shard_0 ... shard_{N-1}  ->  sharded_warehouse

Each ``shard_<i>`` asset runs the per-document chain (hodo.scaleout.process_shard)
on the landing files whose stable hash mod N is i and writes
``<out_dir>/shards/shard=<i>/<table>.parquet``; shards share no database file,
so any executor can run them on any machine (multiprocess here; dask, celery or
Kubernetes pods elsewhere: see docs/scaleout.md). ``sharded_warehouse`` runs
the cross-document steps over all shards and creates ``<out_dir>/warehouse.duckdb``,
a DuckDB file of views over the Parquet.

The number of shards is fixed when the definitions load (``HODO_SHARDS``,
default 4): it is the graph's shape. Paths are run configuration (the
``sharded`` resource), so the same definitions serve every input.
"""

import os

import dagster as dg

from hodo import scaleout

DEFAULT_SHARDS = int(os.environ.get("HODO_SHARDS", "4"))
GROUP = "sharded"


class ShardedStorage(dg.ConfigurableResource):
    """Where the landing files are and where shards write their Parquet (``out_dir``).

    ``out_dir`` must be storage every worker can reach (a shared filesystem
    here; object storage in production, see docs/scaleout.md)."""

    input_dir: str = os.environ.get("HODO_INPUT_DIR", "data/samples")
    out_dir: str = os.environ.get("HODO_SHARDED_OUT", "warehouse/sharded")


def shard_asset(i: int, shards: int) -> dg.AssetsDefinition:
    @dg.asset(name=f"shard_{i}", group_name=GROUP, kinds={"parquet", "janome"},
              description=f"Landing files with stable hash mod {shards} == {i}: every per-document table "
                          f"as Parquet under shards/shard={i}/.")
    def _shard(context: dg.AssetExecutionContext, sharded: ShardedStorage) -> dg.MaterializeResult:
        counts = scaleout.process_shard(sharded.input_dir, i, shards, sharded.out_dir)
        context.log.info(f"shard {i}/{shards}: {counts}")
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(scaleout.shard_dir(sharded.out_dir, i))),
            "table_rows": dg.MetadataValue.json(counts),
            "rows": dg.MetadataValue.int(counts.get("tokens", 0)),
            "documents": dg.MetadataValue.int(counts.get("documents", 0)),
        })

    return _shard


def build_sharded(shards: int = DEFAULT_SHARDS, executor_def: dg.ExecutorDefinition | None = None):
    """(assets, job) of the sharded graph with ``shards`` shard assets."""
    shard_defs = [shard_asset(i, shards) for i in range(shards)]

    @dg.asset(deps=[a.key for a in shard_defs], group_name=GROUP, kinds={"duckdb", "parquet"},
              description="Cross-document tables (entities, events, quotes) as Parquet, and warehouse.duckdb: "
                          "views over every shard's and the global Parquet files.")
    def sharded_warehouse(context: dg.AssetExecutionContext, sharded: ShardedStorage) -> dg.MaterializeResult:
        counts = scaleout.assemble(sharded.out_dir, shards)
        path = os.path.join(os.path.abspath(sharded.out_dir), "warehouse.duckdb")
        context.log.info(f"assembled {shards} shards into {path}: {counts}")
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(path),
            "table_rows": dg.MetadataValue.json(counts),
            "rows": dg.MetadataValue.int(sum(counts.values())),
        })

    assets = [*shard_defs, sharded_warehouse]
    job = dg.define_asset_job(
        "hodo_sharded_job",
        selection=dg.AssetSelection.groups(GROUP),
        executor_def=executor_def or dg.multiprocess_executor,
        description=f"Per-document work in {shards} independent shards (Parquet), then one assembler "
                    "(DuckDB views over the Parquet).",
    )
    return assets, job


sharded_assets, hodo_sharded_job = build_sharded()


def sharded_definitions() -> dg.Definitions:
    """What definitions.py merges in: the sharded assets, job and storage resource."""
    return dg.Definitions(assets=sharded_assets, jobs=[hodo_sharded_job],
                          resources={"sharded": ShardedStorage()})


def dask_sharded_job() -> dg.JobDefinition:
    """hodo_sharded_job on dagster-dask's ``dask_executor`` (needs the ``dask`` extra).

    A module-level function so Dask workers can rebuild the job
    (``dg.reconstructable(dask_sharded_job)``); pass the cluster in run config:
    ``{"execution": {"config": {"cluster": {"existing": {"address": "tcp://..."}}}}}``.
    """
    from dagster_dask import dask_executor

    assets, job = build_sharded(DEFAULT_SHARDS, executor_def=dask_executor)
    return dg.Definitions(assets=assets, jobs=[job], resources={"sharded": ShardedStorage()}
                          ).resolve_job_def("hodo_sharded_job")
