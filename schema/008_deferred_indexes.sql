-- ghl-to-sqlite schema, version 8: secondary indexes deferred during a first load.
-- A run that starts with no contacts stored drops the secondary indexes whose keys arrive in random order
-- (email, dateUpdated, tag, campaign, DND channel, custom field id) and builds them when it ends: CREATE INDEX
-- over the finished tables costs a fraction of keeping them row by row (see BENCHMARKS.md). Each dropped
-- index's definition waits here, in the transaction that dropped it, until the end of a run builds it again in
-- the transaction that records the run's end. A run killed before then leaves the rows here, and the next run
-- builds the indexes when it ends. Queries return the same rows either way; only their speed differs while a
-- first load runs.
CREATE TABLE deferred_indexes (
    name                TEXT PRIMARY KEY NOT NULL,   -- the index's name in sqlite_schema
    sql                 TEXT NOT NULL,               -- its CREATE INDEX statement, as sqlite_schema held it
    run_id              INTEGER NOT NULL,            -- the run that dropped it
    deferred_at         TEXT NOT NULL                -- when (UTC)
);
