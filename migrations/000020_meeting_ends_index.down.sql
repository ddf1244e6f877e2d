DROP INDEX IF EXISTS meetings_ends_idx;
