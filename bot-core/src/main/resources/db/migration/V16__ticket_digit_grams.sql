-- Digit windows next to the bigrams and sparse grams in ticket_gram: every window of four consecutive digits of the
-- normalized request text or address (TextGrams.digitGrams). A query that ends inside a run of digits (a five-digit
-- string, '内容281164') can lack any sparse gram; its four-digit windows are in a few hundred tickets each. A digit
-- window and a sparse gram with the same key mean the same (the text contains that string) and share their postings.
-- TicketJdbc writes them with the other grams at opening; tickets that exist now are backfilled by
-- TicketJdbc.indexText (state row 3, after rows 1 and 2), in number order, resumable. Until row 3 is done, searches
-- do not use them.
INSERT INTO ticket_gram_state (id, last_number, done)
SELECT 3, '', CASE WHEN EXISTS (SELECT 1 FROM ticket) THEN FALSE ELSE TRUE END;
