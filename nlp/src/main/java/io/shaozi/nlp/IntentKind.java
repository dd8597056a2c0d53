package io.shaozi.nlp;

/** What the resident wants the dialog to do. */
public enum IntentKind {
    HELP,
    QUERY_TICKET,
    MY_TICKETS,
    RATE,
    URGE,
    WITHDRAW,
    ADD_DETAIL,
    SUBSCRIBE,
    UNSUBSCRIBE,
    LEARN,
    QUIZ,
    QUIZ_ANSWER,
    POINTS,
    LEADERBOARD,
    HUMAN,
    GREETING,
    /** 谢谢, 辛苦了: answered briefly, never a ticket. */
    THANKS,
    /** 再见, 拜拜. */
    GOODBYE,
    /** 你们真棒, 效率真高 (a short praise of the service; a praise letter naming a department is a REQUEST of type 表扬). */
    PRAISE,
    /** 好的, 收到, 嗯嗯. */
    ACK,
    /** 算了, 不用了, 没事了: nothing to do (in a draft: drop it). */
    NEVER_MIND,
    /** 已经修好了, 问题解决了: the resident's problem is fixed now (negation- and tense-aware: 还没修好 is not). */
    SOLVED,
    /** No Chinese: answered in Chinese and English with what the service does and the 人工 option. */
    FOREIGN,
    /** A new request (the default). */
    REQUEST
}
