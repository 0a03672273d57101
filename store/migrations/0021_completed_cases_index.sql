-- 0021_completed_cases_index: the sampled follow-ups' count (issue 18).
--
-- Completing a case of a service the supervisor samples counts the
-- station's completed cases of that service (store.sampleFollowUp, the
-- k-th completed case). Without this index SQLite walked every case of the
-- service through cases_service_version and read each row for its status;
-- with it the count reads only this index's entries of the service's
-- completed cases (a covering index: no table rows). IF NOT EXISTS: tests
-- that undo an earlier migration run the later ones again.
CREATE INDEX IF NOT EXISTS cases_completed_service ON cases (service_code) WHERE status = 'completed';
