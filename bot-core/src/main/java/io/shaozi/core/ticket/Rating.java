package io.shaozi.core.ticket;

/** The resident's verdict after 办结. */
public enum Rating {
    SATISFIED("满意"), BASICALLY_SATISFIED("基本满意"), UNSATISFIED("不满意"),
    /** Not rated within the window: closed as unrated (not counted in 满意率). */
    UNRATED("未评价");

    private final String label;

    Rating(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

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
