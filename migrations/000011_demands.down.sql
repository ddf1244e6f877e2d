DROP TABLE settings;
DROP TABLE demand_attachments;
DROP TABLE demand_extensions;
DROP TABLE demand_events;
DROP TABLE demand_co_departments;
DROP TABLE demands;
DROP TABLE demand_categories;
