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
    /** A new request (the default). */
    REQUEST
}
