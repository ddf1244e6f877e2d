ALTER TABLE users DROP COLUMN calendar_token;
DROP TABLE attendees;
DROP TABLE invitations;
DROP TABLE meeting_departments;
DROP TABLE meetings;
DROP TABLE meeting_series;
