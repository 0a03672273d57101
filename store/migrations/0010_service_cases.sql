-- 0010_service_cases: 续费 and 遗失声明 become cases (受理单), so print
-- records, the case history and the unprinted-receipt warning cover them.
--
-- A renewal's receipt names its case in receipts.case_id (no new column).
-- A loss declaration names the case opened with it: accepted while the
-- loss period runs, completed when the declaration is resolved. Older
-- declarations keep NULL: they were made before they were cases, and their
-- prints are not recorded.
ALTER TABLE loss_declarations ADD COLUMN case_id TEXT REFERENCES cases (id);
CREATE UNIQUE INDEX loss_declarations_case ON loss_declarations (case_id) WHERE case_id IS NOT NULL;
