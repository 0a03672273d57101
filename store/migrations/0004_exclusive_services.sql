-- 0004_exclusive_services: which case may be opened beside an open one is
-- catalogue data (forms.Service.ExclusiveGroup and BlockedBy, issue 12).
--
-- A station set up before this version holds the services without those
-- fields, so a second settlement case would still open and 转户 would still
-- open the 借户籍卡 case while the card is out. Each of the four services
-- concerned gets a new version: its current version (the supervisor's
-- edits kept) with the shipped exclusive_group and blocked_by added, the
-- same values as assets/catalogue.json. Earlier versions never change, as
-- the cases opened under them keep them. A service that already has either
-- field (a supervisor set it) is left alone, and a station without these
-- services (a new database: set-up copies the catalogue later) gets nothing.
-- Each new version is in the audit log, by 系统, like any other version;
-- the ids are random UUIDs (version 4), as the program makes them.
CREATE TEMP TABLE upgrade_0004 (code TEXT PRIMARY KEY, grp TEXT NOT NULL, blocked TEXT);
INSERT INTO upgrade_0004 (code, grp, blocked) VALUES
	('settle_past_grad', 'settlement', NULL),
	('settle_new_grad', 'settlement', NULL),
	('move_out', 'household_card', '[{"service": "borrow_card", "deposit_held": true, "ways": ["open_case", "refund_desk"], "message": "该客户的户籍卡已借出：“借户籍卡”受理单 ［受理单号］（［日期］，保障金收据 ［收据号］）的户籍卡尚未归还。转户要把户籍卡借给客户办理迁出，须先请客户交回户籍卡，在“保障金退还”退还这笔保障金、办结借户籍卡后，再办理转户。"}]'),
	('borrow_card', 'household_card', '[{"service": "move_out", "deposit_held": true, "ways": ["open_case", "refund_desk"], "message": "该客户正在办理转户：受理单 ［受理单号］（［日期］，保障金收据 ［收据号］）已借出户籍卡用于迁出户口，不能再借。客户不迁了，须交回户籍卡、在“保障金退还”退还保障金后才能再借。"}]');

-- The versions to add: (code, old version, new json), one row per service.
CREATE TEMP TABLE upgraded_0004 AS
SELECT s.code AS code, s.version AS old_version, s.name AS name, s.position AS position, s.json AS old_json,
	CASE WHEN u.blocked IS NULL
		THEN json_set(s.json, '$.version', s.version + 1, '$.exclusive_group', u.grp)
		ELSE json_set(s.json, '$.version', s.version + 1, '$.exclusive_group', u.grp, '$.blocked_by', json(u.blocked))
	END AS new_json,
	lower(hex(randomblob(16))) AS service_hex,
	lower(hex(randomblob(16))) AS audit_hex,
	strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.' || substr(strftime('%f', 'now'), 4) || '000000Z' AS at
FROM services s JOIN upgrade_0004 u ON u.code = s.code
WHERE s.version = (SELECT max(version) FROM services WHERE code = s.code)
	AND json_type(s.json, '$.exclusive_group') IS NULL
	AND json_type(s.json, '$.blocked_by') IS NULL;

INSERT INTO services (id, code, version, name, position, json, created_at, created_by)
SELECT substr(service_hex, 1, 8) || '-' || substr(service_hex, 9, 4) || '-4' || substr(service_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(service_hex, 18, 3) || '-' || substr(service_hex, 21, 12),
	code, old_version + 1, name, position, new_json, at, NULL FROM upgraded_0004;

INSERT INTO audit_log (id, at, user_id, user_name, action, entity, entity_id, before_json, after_json, note)
SELECT substr(audit_hex, 1, 8) || '-' || substr(audit_hex, 9, 4) || '-4' || substr(audit_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(audit_hex, 18, 3) || '-' || substr(audit_hex, 21, 12),
	at, NULL, '系统', 'service.save', 'service', code, old_json, new_json,
	'业务“' || name || '”第' || (old_version + 1) || '版：升级加入“不能同时办理”的规则（互斥组）'
FROM upgraded_0004 ORDER BY code;

DROP TABLE upgraded_0004;
DROP TABLE upgrade_0004;
