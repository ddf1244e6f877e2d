DROP TABLE IF EXISTS enterprise_import_rows;
DROP TABLE IF EXISTS enterprise_imports;
