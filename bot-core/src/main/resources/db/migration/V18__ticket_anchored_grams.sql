-- Anchored grams next to the other grams in ticket_gram: for every maximal run of three or more digits of the
-- normalized request text or address, the character just before it plus its first three digits ('容281') and its last
-- three digits plus the character just after it ('281号') (TextGrams.anchoredGrams). The neighbour is never a digit,
-- so such a key is in a text exactly when the text contains that four-character string, the meaning every key has: an
-- anchored gram and a sparse gram with the same key share their postings. A query ending in a run of exactly three
-- digits ('内容281') finds its candidates in about as many tickets as match instead of the digit triple's thousands.
-- TicketJdbc writes them with the other grams at opening; tickets that exist now are backfilled by
-- TicketJdbc.indexText (state row 5, after rows 1 to 4), in number order, resumable. Until row 5 is done, searches do
-- not use them.
INSERT INTO ticket_gram_state (id, last_number, done)
SELECT 5, '', CASE WHEN EXISTS (SELECT 1 FROM ticket) THEN FALSE ELSE TRUE END;
