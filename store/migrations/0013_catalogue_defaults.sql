-- 0013_catalogue_defaults: the default catalogue of a new release (issue 14).
--
-- A release whose shipped catalogue changed offers each changed service to
-- the supervisor as a new version, never over their edits (SPEC "The
-- counter services"). To know what changed, the station records for each
-- service the digest (forms.Service.Digest) of the shipped default it last
-- took or declined: at set-up (decision 'setup'), when the supervisor adopts
-- an offer ('adopted') or dismisses it ('dismissed'). A station set up
-- before this table existed has no rows; for it the store takes the digest
-- of each service's first version, which is set-up's copy of the default
-- (store.recordedDefault), so nothing here needs computing in SQL.
CREATE TABLE IF NOT EXISTS catalogue_defaults (
	code       TEXT PRIMARY KEY,
	digest     TEXT NOT NULL,
	release    TEXT NOT NULL,
	decision   TEXT NOT NULL CHECK (decision IN ('setup', 'adopted', 'dismissed')),
	decided_at TEXT NOT NULL,
	decided_by TEXT REFERENCES users (id)
);

-- The service history counts the cases opened under each version.
CREATE INDEX IF NOT EXISTS cases_service_version ON cases (service_code, service_version);
