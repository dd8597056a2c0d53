package io.shaozi.nlp;

/** How fast a request must be handled (from the urgency detector or a cadre). The one definition. */
public enum Urgency {
    /** Danger to life or property now (gas leak, fire, someone trapped or hurt). */
    EMERGENCY("紧急"),
    /** Must be handled soon (no water, no heating, burst pipe, blocked fire lane). */
    URGENT("加急"),
    NORMAL("一般");

    private final String label;

    Urgency(String label) {
        this.label = label;
    }

    /** Chinese label shown to residents and cadres. */
    public String label() {
        return label;
    }

    /** Parses the enum name (case-insensitive) or the Chinese label. */
    public static Urgency parse(String s) {
        String t = s.trim();
        for (Urgency u : values()) {
            if (u.name().equalsIgnoreCase(t) || u.label.equals(t)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown urgency '" + s + "' (EMERGENCY, URGENT or NORMAL)");
    }
}
