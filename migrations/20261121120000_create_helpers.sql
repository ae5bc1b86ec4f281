-- Shared helpers used by every later migration.

-- Keeps updated_at current on every UPDATE; attach with a BEFORE UPDATE trigger per table.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

-- Case-insensitive comparison for names, domains and e-mail addresses (ICU, level 2 = ignore case).
CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
