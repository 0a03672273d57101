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

-- The family-planning switch (forms.GroupFamilyPlanning, issue 14). A
-- station set up before it holds the family-planning papers marked
-- switchable but in no group, so the service's switch would have nothing to
-- switch. Each service whose current version has such an item gets a new
-- version: the current one (the supervisor's edits kept) with those items
-- tagged "group": "family_planning", as assets/catalogue.json tags them —
-- 准生证 (birth_permit), 《计划生育诚信承诺书》 (fp_promise) and the 15—49周岁女性
-- 情况入户调查登记表 (women_survey). The switch is on, so every case is
-- evaluated as before. Earlier versions never change; items already in a
-- group are left alone; a new database (set-up copies the catalogue later)
-- gets nothing. Each new version is audited by 系统, as in 0004.
CREATE TEMP TABLE upgrade_0013 (id TEXT PRIMARY KEY);
INSERT INTO upgrade_0013 (id) VALUES ('birth_permit'), ('fp_promise'), ('women_survey');

CREATE TEMP TABLE upgraded_0013 AS
SELECT s.code AS code, s.version AS old_version, s.name AS name, s.json AS old_json,
	CASE WHEN json_type(s.json, '$.requirements') = 'array' THEN (
		SELECT json_group_array(json(CASE
			WHEN json_extract(r.value, '$.switchable') AND json_type(r.value, '$.group') IS NULL
				AND json_extract(r.value, '$.id') IN (SELECT id FROM upgrade_0013)
			THEN json_set(r.value, '$.group', 'family_planning') ELSE r.value END) ORDER BY r.key)
		FROM json_each(s.json, '$.requirements') r) END AS requirements,
	CASE WHEN json_type(s.json, '$.documents') = 'array' THEN (
		SELECT json_group_array(json(CASE
			WHEN json_extract(d.value, '$.switchable') AND json_type(d.value, '$.group') IS NULL
				AND json_extract(d.value, '$.id') IN (SELECT id FROM upgrade_0013)
			THEN json_set(d.value, '$.group', 'family_planning') ELSE d.value END) ORDER BY d.key)
		FROM json_each(s.json, '$.documents') d) END AS documents,
	lower(hex(randomblob(16))) AS service_hex,
	lower(hex(randomblob(16))) AS audit_hex,
	strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.' || substr(strftime('%f', 'now'), 4) || '000000Z' AS at,
	s.position AS position
FROM services s
WHERE s.version = (SELECT max(version) FROM services WHERE code = s.code)
	AND (EXISTS (SELECT 1 FROM json_each(s.json, '$.requirements') r
			WHERE json_extract(r.value, '$.switchable') AND json_type(r.value, '$.group') IS NULL
				AND json_extract(r.value, '$.id') IN (SELECT id FROM upgrade_0013))
		OR EXISTS (SELECT 1 FROM json_each(s.json, '$.documents') d
			WHERE json_extract(d.value, '$.switchable') AND json_type(d.value, '$.group') IS NULL
				AND json_extract(d.value, '$.id') IN (SELECT id FROM upgrade_0013)));

INSERT INTO services (id, code, version, name, position, json, created_at, created_by)
SELECT substr(service_hex, 1, 8) || '-' || substr(service_hex, 9, 4) || '-4' || substr(service_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(service_hex, 18, 3) || '-' || substr(service_hex, 21, 12),
	code, old_version + 1, name, position,
	json_patch(json_set(old_json, '$.version', old_version + 1),
		json_object('requirements', json(requirements), 'documents', json(documents))),
	at, NULL FROM upgraded_0013;

INSERT INTO audit_log (id, at, user_id, user_name, action, entity, entity_id, before_json, after_json, note)
SELECT substr(u.audit_hex, 1, 8) || '-' || substr(u.audit_hex, 9, 4) || '-4' || substr(u.audit_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(u.audit_hex, 18, 3) || '-' || substr(u.audit_hex, 21, 12),
	u.at, NULL, '系统', 'service.save', 'service', u.code, u.old_json, s.json,
	'业务“' || u.name || '”第' || (u.old_version + 1) || '版：升级加入“计划生育材料”开关（默认开启，主管可整体关闭）'
FROM upgraded_0013 u JOIN services s ON s.code = u.code AND s.version = u.old_version + 1
ORDER BY u.code;

DROP TABLE upgraded_0013;
DROP TABLE upgrade_0013;
