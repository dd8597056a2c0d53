-- Free-text search without scanning the table: an inverted index of character bigrams (two-code-point windows) of
-- the normalized request text and address (lower case, letters and digits only). TicketJdbc writes a ticket's
-- grams in the same transaction as its projection row; request text and address never change after opening.
CREATE TABLE ticket_gram (
    gram    VARCHAR(8)  NOT NULL,
    number  VARCHAR(20) NOT NULL,
    CONSTRAINT pk_ticket_gram PRIMARY KEY (gram, number)
);

-- Backfill of tickets opened before this version: done in Java, in batches in ticket-number order (TicketJdbc
-- .indexText, started by TicketModule), resuming from last_number; until done is TRUE searches keep the LIKE scan.
-- A database without tickets needs no backfill.
CREATE TABLE ticket_gram_state (
    id           INT         NOT NULL PRIMARY KEY,
    last_number  VARCHAR(20) NOT NULL,
    done         BOOLEAN     NOT NULL
);
INSERT INTO ticket_gram_state (id, last_number, done)
SELECT 1, '', CASE WHEN EXISTS (SELECT 1 FROM ticket) THEN FALSE ELSE TRUE END;
