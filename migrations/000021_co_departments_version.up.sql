-- The department inbox's counts are kept until dashboard_version moves (DemandStore.InboxCounts),
-- and they read the co-handling rows: a change to those alone must move the version too. (Today
-- every such change comes with an update of the demand, which moves it already.)
CREATE CONSTRAINT TRIGGER demand_co_departments_dashboard_version AFTER INSERT OR UPDATE OR DELETE ON demand_co_departments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_dashboard_version();
