package io.shaozi.nlp;

/** A resident's rating of a closed ticket (满意 / 基本满意 / 不满意, or 1 / 2 / 3). */
public enum Rating {
    SATISFIED,
    BASICALLY_SATISFIED,
    UNSATISFIED
}
