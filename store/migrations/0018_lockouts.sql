-- 0018_lockouts: wrong passwords and recovery codes in a row (issue 17).
--
-- lockouts counts the wrong tries in a row for one log-in name, known or
-- not (kind 'user', key the name as typed after forms.RuleUserName.Clean,
-- so the answer never tells whether a name exists), and for the station's
-- recovery code (kind 'recovery', key 'station'). The log-in window and a
-- supervisor's approval on a clerk's screen count against the same name.
-- The forms.MaxFailures-th wrong try sets locked_until (forms.LockDuration
-- later); a right try, the end of the lock or a supervisor's unlock clears
-- the row. Each wrong try is recorded in a transaction of its own after the
-- refused action rolled back (store/lockout.go). IF NOT EXISTS: tests that
-- undo an earlier migration run the later ones again.
CREATE TABLE IF NOT EXISTS lockouts (
	kind         TEXT NOT NULL CHECK (kind IN ('user', 'recovery')),
	key          TEXT NOT NULL,
	failures     INTEGER NOT NULL CHECK (failures >= 0),
	locked_until TEXT,
	updated_at   TEXT NOT NULL,
	PRIMARY KEY (kind, key)
) WITHOUT ROWID;
