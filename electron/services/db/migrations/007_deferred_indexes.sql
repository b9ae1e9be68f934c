-- GridDesk schema v7 (issue 5): secondary indexes a bulk import dropped, rebuilt one by one after its commit.
CREATE TABLE deferred_indexes (
  name       TEXT PRIMARY KEY,
  table_name TEXT NOT NULL,
  sql        TEXT NOT NULL
);
