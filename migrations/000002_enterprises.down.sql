ALTER TABLE users DROP CONSTRAINT entrepreneurs_have_an_enterprise;
ALTER TABLE users DROP COLUMN enterprise_id;
DROP TABLE enterprise_reviews;
DROP TABLE enterprise_contacts;
DROP TABLE enterprise_chains;
DROP TABLE enterprises;
