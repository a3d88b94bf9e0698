-- What one desk's database role may do: everything a kiosk does, and no more.
-- Run as the owner role (or postgres) in the kiosk's database, after `kiosk migrate`,
-- with desk_cikembulan replaced by the desk's role (tests/core/test_database_roles.py runs
-- this very file, so what the guide grants is what is tested).
GRANT USAGE ON SCHEMA public TO desk_cikembulan;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO desk_cikembulan;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO desk_cikembulan;
-- The audit trail: events are only ever added, and the chain's head only ever moved on.
REVOKE UPDATE, DELETE, TRUNCATE ON auditevent FROM desk_cikembulan;
REVOKE INSERT, DELETE, TRUNCATE ON audithead FROM desk_cikembulan;
-- The schema itself is the owner's: no desk creates, alters or drops anything.
REVOKE CREATE ON SCHEMA public FROM desk_cikembulan;
