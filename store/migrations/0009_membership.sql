-- 0009_membership: completing a service changes who is a member (issue 13,
-- "Membership in and out"): 落户 makes a member, 小孩落户 a child member
-- linked to the parent, 转户 ends the membership, 转档 records that the
-- archive left the branch. What each service does is catalogue data
-- (forms.Service.OnComplete); every change is a row of membership_events,
-- shown on the customer's record, besides the audit log.

-- archive_until is the day the archive left the branch (转档); the
-- archive-keeping fee accrues until then. NULL while the branch keeps it.
ALTER TABLE customers ADD COLUMN archive_until TEXT;

-- membership_events is each customer's membership history: joined (with
-- where the household came from and how they heard of us), left, archive
-- left; by which case, on which day, by whom. Rows are never changed.
CREATE TABLE membership_events (
	id          TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	case_id     TEXT REFERENCES cases (id),
	kind        TEXT NOT NULL CHECK (kind IN ('join', 'leave', 'archive_leave')),
	day         TEXT NOT NULL,
	came_from   TEXT NOT NULL DEFAULT '',
	referral    TEXT NOT NULL DEFAULT '',
	at          TEXT NOT NULL,
	user_id     TEXT REFERENCES users (id)
);
CREATE INDEX membership_events_customer ON membership_events (customer_id, day);

-- A station set up before this version holds the five services without
-- on_complete: each gets a new version (the supervisor's edits kept) with
-- the shipped on_complete, as in assets/catalogue.json; 小孩落户 also gets
-- the guardian's consent question its child needs, and its birth date may
-- no longer be in the future. A service that already has on_complete is
-- left alone; a new database gets nothing (set-up copies the catalogue).
CREATE TEMP TABLE upgrade_0009 (code TEXT PRIMARY KEY, on_complete TEXT NOT NULL);
INSERT INTO upgrade_0009 (code, on_complete) VALUES
	('settle_past_grad', '{"membership": "join", "from": "origin", "referral": "referral"}'),
	('settle_new_grad', '{"membership": "join", "from": "household_type"}'),
	('child_register', '{"membership": "join", "child": {"name": "child_name", "gender": "child_gender", "birth": "child_birth", "consent": "guardian_consent"}}'),
	('move_out', '{"membership": "leave"}'),
	('archive_transfer', '{"archive": "leave"}');

CREATE TEMP TABLE upgraded_0009 AS
SELECT s.code AS code, s.version AS old_version, s.name AS name, s.position AS position, s.json AS old_json,
	json_set(s.json, '$.version', s.version + 1, '$.on_complete', json(u.on_complete)) AS new_json,
	lower(hex(randomblob(16))) AS service_hex,
	lower(hex(randomblob(16))) AS audit_hex,
	strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.' || substr(strftime('%f', 'now'), 4) || '000000Z' AS at
FROM services s JOIN upgrade_0009 u ON u.code = s.code
WHERE s.version = (SELECT max(version) FROM services WHERE code = s.code)
	AND json_type(s.json, '$.on_complete') IS NULL;

-- 小孩落户: the consent question, and the birth date not in the future.
UPDATE upgraded_0009 SET new_json = json_insert(new_json, '$.questions[#]', json('{"id": "guardian_consent", "label": "监护人是否同意本机构保存小孩的信息？", "type": "bool", "required": true, "hint": "小孩的信息属于敏感个人信息，须征得父母（监护人）同意；不同意的，不能登记。"}'))
WHERE code = 'child_register'
	AND NOT EXISTS (SELECT 1 FROM json_each(new_json, '$.questions') WHERE json_extract(value, '$.id') = 'guardian_consent');
UPDATE upgraded_0009 SET new_json = json_set(new_json, '$.questions[' ||
	(SELECT key FROM json_each(new_json, '$.questions') WHERE json_extract(value, '$.id') = 'child_birth') || '].not_future', json('true'))
WHERE code = 'child_register'
	AND EXISTS (SELECT 1 FROM json_each(new_json, '$.questions') WHERE json_extract(value, '$.id') = 'child_birth');
-- A version whose questions the effects cannot use (a supervisor removed
-- one) keeps running without effects rather than failing validation.
DELETE FROM upgraded_0009 WHERE code = 'child_register'
	AND (SELECT count(*) FROM json_each(new_json, '$.questions')
		WHERE json_extract(value, '$.id') IN ('child_name', 'child_gender', 'child_birth', 'guardian_consent')) <> 4;
DELETE FROM upgraded_0009 WHERE code = 'settle_past_grad'
	AND (SELECT count(*) FROM json_each(new_json, '$.questions')
		WHERE json_extract(value, '$.id') IN ('origin', 'referral')) <> 2;
DELETE FROM upgraded_0009 WHERE code = 'settle_new_grad'
	AND (SELECT count(*) FROM json_each(new_json, '$.questions')
		WHERE json_extract(value, '$.id') = 'household_type') <> 1;

INSERT INTO services (id, code, version, name, position, json, created_at, created_by)
SELECT substr(service_hex, 1, 8) || '-' || substr(service_hex, 9, 4) || '-4' || substr(service_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(service_hex, 18, 3) || '-' || substr(service_hex, 21, 12),
	code, old_version + 1, name, position, new_json, at, NULL FROM upgraded_0009;

INSERT INTO audit_log (id, at, user_id, user_name, action, entity, entity_id, before_json, after_json, note)
SELECT substr(audit_hex, 1, 8) || '-' || substr(audit_hex, 9, 4) || '-4' || substr(audit_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(audit_hex, 18, 3) || '-' || substr(audit_hex, 21, 12),
	at, NULL, '系统', 'service.save', 'service', code, old_json, new_json,
	'业务“' || name || '”第' || (old_version + 1) || '版：升级加入办结效果（入户、转出、档案转出）'
FROM upgraded_0009 ORDER BY code;

DROP TABLE upgraded_0009;
DROP TABLE upgrade_0009;
