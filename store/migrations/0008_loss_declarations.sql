-- 0008_loss_declarations: the 《收据、发票遗失声明》 (issue 13) and the
-- supervisor's holiday calendar that a loss period counted in working days
-- uses.
--
-- loss_declarations holds one row per declaration. A declaration for our
-- own receipt names it (receipt_id); a paper-era receipt or an invoice has
-- only its number. Each receipt or paper number can be declared lost once:
-- the unique indexes refuse a second declaration even if the program's own
-- check were bypassed. While state is 'pending' the receipt is blocked at
-- the refund desk; 'resolved' records the outcome (catalogue data) and, for
-- a refund of a deposit, the deposit it replaced the receipt for.
CREATE TABLE loss_declarations (
	id              TEXT PRIMARY KEY,
	number          TEXT NOT NULL UNIQUE,
	service_code    TEXT NOT NULL,
	service_version INTEGER NOT NULL,
	customer_id     TEXT NOT NULL REFERENCES customers (id),
	customer_name   TEXT NOT NULL,
	kind            TEXT NOT NULL CHECK (kind IN ('receipt', 'invoice')),
	receipt_id      TEXT REFERENCES receipts (id),
	doc_number      TEXT NOT NULL,
	doc_date        TEXT NOT NULL,
	amount          INTEGER NOT NULL CHECK (amount > 0),
	paid_for        TEXT NOT NULL,
	agent           INTEGER NOT NULL DEFAULT 0 CHECK (agent IN (0, 1)),
	agent_name      TEXT NOT NULL DEFAULT '',
	agent_id_number TEXT NOT NULL DEFAULT '',
	story           TEXT NOT NULL DEFAULT '',
	period_days     INTEGER NOT NULL CHECK (period_days > 0),
	period_count    TEXT NOT NULL CHECK (period_count IN ('calendar', 'working')),
	declared_at     TEXT NOT NULL,
	end_day         TEXT NOT NULL,
	clerk_id        TEXT NOT NULL REFERENCES users (id),
	state           TEXT NOT NULL CHECK (state IN ('pending', 'resolved')),
	outcome         TEXT NOT NULL DEFAULT '',
	outcome_label   TEXT NOT NULL DEFAULT '',
	refunds         INTEGER NOT NULL DEFAULT 0 CHECK (refunds IN (0, 1)),
	in_person       INTEGER NOT NULL DEFAULT 0 CHECK (in_person IN (0, 1)),
	resolved_at     TEXT,
	resolved_by     TEXT REFERENCES users (id),
	deposit_id      TEXT REFERENCES deposits (id),
	CHECK ((state = 'resolved') = (resolved_at IS NOT NULL)),
	CHECK (agent = 1 OR agent_id_number = '')
);

CREATE UNIQUE INDEX loss_declarations_receipt ON loss_declarations (receipt_id) WHERE receipt_id IS NOT NULL;
CREATE UNIQUE INDEX loss_declarations_paper ON loss_declarations (kind, doc_number) WHERE receipt_id IS NULL;
CREATE INDEX loss_declarations_customer ON loss_declarations (customer_id, declared_at);

-- holiday_calendars is one row per year: its public holidays and make-up
-- working days (调休) as forms.HolidayCalendar JSON, kept by the supervisor.
CREATE TABLE holiday_calendars (
	year       INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
	json       TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT REFERENCES users (id)
);

-- A station set up before this version holds 收据/发票遗失声明 without its
-- loss period and outcomes: it gets a new version with the shipped ones (the
-- same as assets/catalogue.json), as 0004 did for the exclusive groups. A
-- version that already has a period (a supervisor set it) is left alone.
CREATE TEMP TABLE upgraded_0008 AS
SELECT s.code AS code, s.version AS old_version, s.name AS name, s.position AS position, s.json AS old_json,
	json_set(s.json, '$.version', s.version + 1,
		'$.waiting', json('{"days": 15, "count": "calendar"}'),
		'$.outcomes', json('[{"id": "refund", "label": "退款（凭声明代替收据）", "kinds": ["receipt", "invoice"], "refunds": true}, {"id": "receipt_kept", "label": "收据遗失，不退款（声明复印件交客户留存）", "kinds": ["receipt"], "copies": [{"label": "客户留存", "keeper": "customer"}]}, {"id": "invoice_kept", "label": "发票遗失，不退款（声明和发票记账联复印件加盖财务章）", "kinds": ["invoice"], "copies": [{"label": "客户留存", "keeper": "customer"}], "boxes": ["发票记账联复印件粘贴处", "财务专用章（盖章处）"], "bookkeeping_copy": true}]')) AS new_json,
	lower(hex(randomblob(16))) AS service_hex,
	lower(hex(randomblob(16))) AS audit_hex,
	strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.' || substr(strftime('%f', 'now'), 4) || '000000Z' AS at
FROM services s
WHERE s.code = 'loss_declaration'
	AND s.version = (SELECT max(version) FROM services WHERE code = s.code)
	AND json_type(s.json, '$.waiting') IS NULL;

INSERT INTO services (id, code, version, name, position, json, created_at, created_by)
SELECT substr(service_hex, 1, 8) || '-' || substr(service_hex, 9, 4) || '-4' || substr(service_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(service_hex, 18, 3) || '-' || substr(service_hex, 21, 12),
	code, old_version + 1, name, position, new_json, at, NULL FROM upgraded_0008;

INSERT INTO audit_log (id, at, user_id, user_name, action, entity, entity_id, before_json, after_json, note)
SELECT substr(audit_hex, 1, 8) || '-' || substr(audit_hex, 9, 4) || '-4' || substr(audit_hex, 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(audit_hex, 18, 3) || '-' || substr(audit_hex, 21, 12),
	at, NULL, '系统', 'service.save', 'service', code, old_json, new_json,
	'业务“' || name || '”第' || (old_version + 1) || '版：升级加入挂失期（15个自然日）和三种办结结果'
FROM upgraded_0008;

DROP TABLE upgraded_0008;
