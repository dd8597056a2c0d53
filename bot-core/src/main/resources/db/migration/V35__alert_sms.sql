-- Alert SMS (ticket.AlertLadder, store.AlertSmsJdbc): one row per number, Beijing date and alert step that was
-- allowed an SMS. The daily cap per number counts these rows; the key (ticket-ladder:step) makes a retried step
-- reserve nothing twice.
CREATE TABLE alert_sms (
    phone       VARCHAR(32)   NOT NULL,
    sms_day     DATE          NOT NULL,
    ref         VARCHAR(200)  NOT NULL,
    CONSTRAINT pk_alert_sms PRIMARY KEY (phone, sms_day, ref)
);
