-- An import's rows are a copy of the uploaded spreadsheet: names, credit codes and the
-- contacts' phone numbers. Once imported, the enterprises live in the registry, where they are
-- corrected and removed; the copy is deleted 30 days after the import (EnterpriseImportStore.Purge) and the
-- import itself is kept as a record of who imported how many enterprises when.
ALTER TABLE enterprise_imports ADD COLUMN rows_purged_at timestamptz;
