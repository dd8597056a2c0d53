-- 专项答题 (quiz.Topic, store.TopicJdbc): a set of questions (by category, or a list of question ids, comma
-- separated) for the members of one branch (branch NULL: every member) until deadline. A member's attempt at a
-- topic is a quiz_attempt of activity 'topic' with dedupe 'topic:<code>:<member>' (one attempt a member).
CREATE TABLE quiz_topic (
    code        VARCHAR(40)   NOT NULL,
    name        VARCHAR(100)  NOT NULL,
    category    VARCHAR(40),
    questions   VARCHAR(4000),
    branch      VARCHAR(40),
    deadline    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(64)   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_quiz_topic PRIMARY KEY (code)
);
CREATE INDEX ix_quiz_topic_deadline ON quiz_topic (deadline);
