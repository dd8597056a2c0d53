package io.shaozi.nlp;

/**
 * A resident's rating of a handled ticket (满意 / 基本满意 / 不满意, or 1 / 2 / 3). The one definition: the intent
 * recognizer produces the first three, the ticket domain adds {@link #UNRATED} when the rating window passes.
 */
public enum Rating {
    SATISFIED("满意"),
    BASICALLY_SATISFIED("基本满意"),
    UNSATISFIED("不满意"),
    /** Not rated within the window: closed as unrated (not counted in 满意率). Never recognized from text. */
    UNRATED("未评价");

    private final String label;

    Rating(String label) {
        this.label = label;
    }

    /** Chinese label shown to residents and cadres. */
    public String label() {
        return label;
    }

    /** Parses the enum name (case-insensitive), the Chinese label, or {@code basic}. */
    public static Rating parse(String s) {
        String t = s.trim();
        for (Rating r : values()) {
            if (r.name().equalsIgnoreCase(t) || r.label.equals(t)) {
                return r;
            }
        }
        if ("basic".equalsIgnoreCase(t)) {
            return BASICALLY_SATISFIED;
        }
        throw new IllegalArgumentException("unknown rating '" + s + "' (满意 / 基本满意 / 不满意)");
    }
}
