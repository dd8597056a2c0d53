-- The Party-learning question bank (quiz.QuestionBank, store.QuestionJdbc): one row per question id, updated in place
-- by a re-import. Retired questions stay (retired_at set) so past answers keep their question. origin: 'sample' (the
-- shipped bank, reloaded at start) or 'import' (an operator's CSV; the sample load never overwrites it).
-- paraphrases: other wordings of the stem joined by '|'.
CREATE TABLE quiz_question (
    id           VARCHAR(64)   NOT NULL,
    qtype        VARCHAR(8)    NOT NULL,
    stem         VARCHAR(500)  NOT NULL,
    option_a     VARCHAR(200),
    option_b     VARCHAR(200),
    option_c     VARCHAR(200),
    option_d     VARCHAR(200),
    answer       VARCHAR(4)    NOT NULL,
    explanation  VARCHAR(1000) NOT NULL,
    category     VARCHAR(40)   NOT NULL,
    paraphrases  VARCHAR(2600) NOT NULL,
    valid_until  DATE,
    origin       VARCHAR(8)    NOT NULL,
    retired_at   TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_quiz_question PRIMARY KEY (id)
);
CREATE INDEX ix_quiz_question_category ON quiz_question (category, id);
