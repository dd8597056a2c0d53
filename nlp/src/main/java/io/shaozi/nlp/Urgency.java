package io.shaozi.nlp;

/** How fast a request must be handled. */
public enum Urgency {
    /** Danger to life or property now (gas leak, fire, someone trapped or hurt). */
    EMERGENCY,
    /** Must be handled soon (no water, no heating, burst pipe, blocked fire lane). */
    URGENT,
    NORMAL
}
