-- 0003_prints: the branch's phone number, and print records looked up by
-- document.
--
-- station.phone is asked at set-up from this version on and printed on the
-- 一次性告知单 and the receipt; a station set up before has '' and prints
-- without it. case_prints.document is what a print is recorded as
-- (forms.Printout.Key: 'receipt:<number>', a catalogue document ID,
-- 'notice', 'refund_voucher:<deposit receipt number>'): its first print is
-- the original, every later one 补打, and a receipt with no print record was
-- issued but never printed.
ALTER TABLE station ADD COLUMN phone TEXT NOT NULL DEFAULT '';
CREATE INDEX case_prints_document ON case_prints (document, case_id);
