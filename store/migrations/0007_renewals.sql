-- 0007_renewals: fee renewal (续费, issue 13).
--
-- renewals records what each renewal receipt did to a member's paid-through
-- date, one row per fee: the date before and after. It is written in the
-- same transaction as the receipt and the new paid-through date; voiding the
-- receipt puts paid_before back, refused while a later renewal (one whose
-- paid_before is this paid_after, its receipt not voided) builds on it.
CREATE TABLE renewals (
	id          TEXT PRIMARY KEY,
	receipt_id  TEXT NOT NULL REFERENCES receipts (id),
	customer_id TEXT NOT NULL REFERENCES customers (id),
	schedule    TEXT NOT NULL,
	fee_name    TEXT NOT NULL,
	paid_before TEXT, -- NULL: the member had never paid
	paid_after  TEXT NOT NULL,
	at          TEXT NOT NULL
);
CREATE INDEX renewals_receipt ON renewals (receipt_id);
CREATE INDEX renewals_customer ON renewals (customer_id, schedule);

-- A station set up before this version holds the renewal service with
-- "schedule" on its fees and no fee table, so nothing could be charged.
-- Its current version gets a new version with the shipped tables (the
-- same values as assets/catalogue.json: 人才储备费 ¥300.00 a year; 档案保管费
-- ¥120.00 a year, ¥0 from 2015-01-01), whole years only; the supervisor
-- changes them like any other version. A fee that already has a table is
-- left alone. The new version is in the audit log, by 系统.
CREATE TEMP TABLE upgraded_0007 AS
SELECT s.code AS code, s.version AS old_version, s.name AS name, s.position AS position, s.json AS old_json,
	json_set(s.json, '$.version', s.version + 1, '$.fees', json((
		SELECT json_group_array(CASE
			WHEN json_type(f.value, '$.table') IS NOT NULL THEN json(f.value)
			WHEN json_extract(f.value, '$.schedule') = 'talent_reserve'
				THEN json_set(f.value, '$.table', json('{"rates": [{"from": "2010-01-01", "yearly": 30000}]}'))
			WHEN json_extract(f.value, '$.schedule') = 'archive'
				THEN json_set(f.value, '$.table', json('{"rates": [{"from": "2010-01-01", "yearly": 12000}, {"from": "2015-01-01", "yearly": 0}]}'))
			ELSE json(f.value) END)
		FROM (SELECT value FROM json_each(s.json, '$.fees') ORDER BY key) f))) AS new_json,
	lower(hex(randomblob(16))) AS service_hex,
	lower(hex(randomblob(16))) AS audit_hex,
	strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.' || substr(strftime('%f', 'now'), 4) || '000000Z' AS at
FROM services s
WHERE s.version = (SELECT max(version) FROM services WHERE code = s.code)
	AND EXISTS (SELECT 1 FROM json_each(s.json, '$.fees') f
		WHERE json_extract(f.value, '$.schedule') IN ('talent_reserve', 'archive')
			AND json_type(f.value, '$.table') IS NULL);

INSERT INTO services (id, code, version, name, position, json, created_at, created_by)
SELECT substr(service_hex, 1, 8) || '-' || substr(service_hex, 9, 4) || '-4' || substr(service_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(service_hex, 18, 3) || '-' || substr(service_hex, 21, 12),
	code, old_version + 1, name, position, new_json, at, NULL FROM upgraded_0007;

INSERT INTO audit_log (id, at, user_id, user_name, action, entity, entity_id, before_json, after_json, note)
SELECT substr(audit_hex, 1, 8) || '-' || substr(audit_hex, 9, 4) || '-4' || substr(audit_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(audit_hex, 18, 3) || '-' || substr(audit_hex, 21, 12),
	at, NULL, '系统', 'service.save', 'service', code, old_json, new_json,
	'业务“' || name || '”第' || (old_version + 1) || '版：升级加入续费的收费标准表（人才储备费、档案保管费）'
FROM upgraded_0007 ORDER BY code;

DROP TABLE upgraded_0007;
