package io.shaozi.core.ticket;

/** How fast a request must be handled (from the classifier or the cadre). */
public enum Urgency {
    EMERGENCY("紧急"), URGENT("加急"), NORMAL("一般");

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
