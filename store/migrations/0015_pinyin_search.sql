-- 0015_pinyin_search: the customer search also finds names by full pinyin
-- and initials (issue 16). The terms live in customer_terms beside the name
-- terms (y:<full pinyin>, j:<initials>; store/search.go), written with the
-- customer from now on. The customers stored before are indexed at Open by
-- a resumable Go backfill (store/pinyin.go, backfillPinyin), in batches that
-- each record here the last customer id done; the row is deleted when every
-- customer has its terms. A new database gets the row too and finishes at
-- once (it has no customers).
CREATE TABLE search_backfill (
	name  TEXT PRIMARY KEY,  -- which backfill: 'pinyin'
	after TEXT NOT NULL      -- the last customers.id done, '' before the first batch
);
INSERT INTO search_backfill (name, after) VALUES ('pinyin', '');
