"""The ingest stages: parse -> resolve -> build -> write, composed by :mod:`ingest.pipeline`.

Each stage is a set of functions whose input and output are frozen
dataclasses (or the domain types of :mod:`kg.model`):

``parse``    files -> :class:`~ingest.stages.parse.ParsedLaws`,
             :class:`~ingest.stages.parse.CatalogFile` (reads input files and the parse cache only)
``resolve``  a parsed catalog and the graph built so far (read only) -> :class:`~ingest.stages.resolve.ResolvedCatalog`;
             the graph -> :class:`~ingest.stages.resolve.StatutoryPowers` (the 法定 township powers)
``build``    parsed or resolved data -> :class:`~kg.store.GraphBundle` s and search documents (pure: reads, never writes)
``write``    bundles into the store, the generation (index, graph, manifest), catalog copies, the audit log

Only ``write`` changes the store or writes into the data directory (besides
:class:`~kg.datadir.DataDir`'s own lock, reconcile and activate, which the
pipeline calls).  The pipeline module holds the writer lock and passes each
stage's output to the next (``tests/unit/test_stages.py`` checks that resolve
and build leave the store as it was).
"""
