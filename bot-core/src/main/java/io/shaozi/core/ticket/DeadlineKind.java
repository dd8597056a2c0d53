package io.shaozi.core.ticket;

/** The clocks a dispatched ticket runs against. */
public enum DeadlineKind {
    SIGN("签收"), CONTACT("联系居民"), RESOLVE("办结");

    private final String label;

    DeadlineKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
