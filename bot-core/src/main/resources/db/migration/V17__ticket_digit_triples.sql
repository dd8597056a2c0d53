-- Digit triples next to the bigrams, sparse grams and digit windows in ticket_gram: every window of three consecutive
-- digits of the normalized request text or address (TextGrams.digitTriples). A query that ends (or starts) in a run
-- of exactly three digits ('896', '内容281') has no digit window and often no selective sparse gram; its triples are
-- in a few thousand tickets each. Their keys have three characters: no other kind of gram has such keys.
-- TicketJdbc writes them with the other grams at opening; tickets that exist now are backfilled by
-- TicketJdbc.indexText (state row 4, after rows 1, 2 and 3), in number order, resumable. Until row 4 is done, searches
-- do not use them.
INSERT INTO ticket_gram_state (id, last_number, done)
SELECT 4, '', CASE WHEN EXISTS (SELECT 1 FROM ticket) THEN FALSE ELSE TRUE END;
