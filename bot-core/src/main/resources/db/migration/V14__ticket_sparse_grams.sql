-- Sparse grams next to the bigrams in ticket_gram: windows of 4 to 16 code points of the normalized request text or
-- address whose end bigrams both outweigh every bigram inside (TextGrams.sparseGrams; keys longer than 8 characters
-- are stored as '#' and a hash). They make text made only of common bigrams but itself rare (house numbers, digit
-- runs: '胡同17号', '内容123456') findable from a short posting list. TicketJdbc writes them with the bigrams at
-- opening; tickets that exist now are backfilled by TicketJdbc.indexText (state row 2, after the bigrams of row 1),
-- in number order, resumable. Until row 2 is done, searches use the bigrams only.
INSERT INTO ticket_gram_state (id, last_number, done)
SELECT 2, '', CASE WHEN EXISTS (SELECT 1 FROM ticket) THEN FALSE ELSE TRUE END;
