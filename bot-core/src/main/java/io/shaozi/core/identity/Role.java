package io.shaozi.core.identity;

import java.util.Locale;

/** What a person may do. */
public enum Role {
    RESIDENT("居民"),
    GRID_WORKER("网格员"),
    COMMUNITY_WORKER("社区工作者"),
    STREET_CADRE("街道干部"),
    DEPARTMENT_STAFF("部门工作人员"),
    LEADER("领导"),
    ADMIN("管理员"),
    /** A Party member (党员) and nothing else: belongs to a branch, sees no tickets, has no admin rights. */
    MEMBER("党员"),
    /**
     * The secretary of a Party branch (党支部书记): a Party member of that branch (takes part in quizzes like one) who
     * may also read the quiz report of their own branch, with its list of members who did not take part.
     */
    SECRETARY("党支部书记"),
    /** The service itself (routing, scanner). Never held by a person or a token. */
    SYSTEM("系统");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Street-level authority: dispatch, whistle, merge, arbitrate, approve extensions. */
    public boolean street() {
        return this == STREET_CADRE || this == LEADER || this == ADMIN || this == SYSTEM;
    }

    /** May see residents' phone numbers unmasked. */
    public boolean seesPhone() {
        return this == STREET_CADRE || this == LEADER || this == ADMIN || this == DEPARTMENT_STAFF || this == SYSTEM;
    }

    /** Staff of the organisation: everyone a person can be except a resident or a Party member (or branch secretary). */
    public boolean staff() {
        return this != RESIDENT && this != MEMBER && this != SECRETARY && this != SYSTEM;
    }

    /** A Party member's role (党员 or 党支部书记): needs a branch. */
    public boolean partyMember() {
        return this == MEMBER || this == SECRETARY;
    }

    public static Role parse(String s) {
        String t = s.trim();
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(t) || r.name().replace("_", "").equalsIgnoreCase(t.replace("_", "").replace("-", ""))
                    || r.label.equals(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + s + "' (one of "
                + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT) + ")");
    }
}
