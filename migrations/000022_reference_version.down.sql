DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['departments', 'industry_chains', 'demand_categories', 'settings',
        'work_calendar_days', 'work_calendar_years'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_reference_version', t);
    END LOOP;
END
$$;
DROP FUNCTION IF EXISTS bump_reference_version();
DROP TABLE IF EXISTS reference_version;
