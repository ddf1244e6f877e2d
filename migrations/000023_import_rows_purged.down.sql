ALTER TABLE enterprise_imports DROP COLUMN rows_purged_at;
