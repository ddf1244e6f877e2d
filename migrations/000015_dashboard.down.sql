DROP INDEX IF EXISTS demands_rated_at_idx;
DROP INDEX IF EXISTS demands_assigned_at_idx;
DROP INDEX IF EXISTS meetings_chain_starts_idx;
DROP INDEX IF EXISTS demands_supervised_idx;
DROP INDEX IF EXISTS demands_answered_at_idx;
DROP INDEX IF EXISTS demands_closed_at_idx;
DROP INDEX IF EXISTS demands_lead_created_idx;
DROP FUNCTION IF EXISTS workdays_between(date, date);
DROP FUNCTION IF EXISTS weekdays_up_to(date);
