DROP TABLE notification_preferences;
DROP TABLE notification_outbox;
DROP TABLE notifications;
ALTER TABLE users DROP COLUMN email;
