-- How far an import's write has got (issue 21): the knowledge module's stage (CHECK, LOAD, INDEX, SWITCH,
-- COMPUTE, WRITE) and its counts, e.g. LOAD 80000 of 1595743 facts; null before the write starts, total -1 unknown.
ALTER TABLE kg_import_jobs ADD COLUMN write_stage VARCHAR(16);
ALTER TABLE kg_import_jobs ADD COLUMN write_done BIGINT;
ALTER TABLE kg_import_jobs ADD COLUMN write_total BIGINT;
