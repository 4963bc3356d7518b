"""Ingest jobs: glue ingest → pipeline → store → fuse.

``runner.local`` runs in one process; ``runner.dask_runner`` spreads the same work over a Dask
cluster (local processes, an HPC allocation or Kubernetes) and writes to the same store.
"""
