package io.shaozi.nlp;

import java.util.Optional;

/** The request type as 12345 hotlines count it, beside the department-level category. */
public enum RequestType {
    /** A question: office hours, what a certificate needs … */
    CONSULT("咨询"),
    /** Something is broken or someone needs help (the default for a problem). */
    HELP("求助"),
    /** Dissatisfaction with a service, a business or a nuisance that harms the resident. */
    COMPLAINT("投诉"),
    /** Someone else breaks a rule: illegal building, dumping, unlicensed business … */
    REPORT("举报"),
    /** A proposal: please add, it would be better if … */
    SUGGESTION("建议"),
    /** Praise for a department or a person. */
    PRAISE("表扬");

    private final String label;

    RequestType(String label) {
        this.label = label;
    }

    /** The Chinese name (咨询, 求助 …), as stored on a ticket and shown to cadres. */
    public String label() {
        return label;
    }

    /** The type with this Chinese name or enum name. */
    public static Optional<RequestType> of(String name) {
        for (RequestType t : values()) {
            if (t.label.equals(name) || t.name().equalsIgnoreCase(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
