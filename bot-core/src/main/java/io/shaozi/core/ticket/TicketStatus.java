package io.shaozi.core.ticket;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Where a ticket is in its life. Transitions are owned by {@link TicketMachine} alone. */
public enum TicketStatus {
    /** 已受理: opened, waiting for dispatch (routing found no department, or a return came back). */
    RECEIVED("已受理"),
    /** 已派单: sent to a department, which must sign for it. */
    DISPATCHED("已派单"),
    /** 已签收: the department signed for it. */
    ACCEPTED("已签收"),
    /** 处理中: the department is working on it. */
    IN_PROGRESS("处理中"),
    /** 待补充: waiting for the resident (details, access to the home…); SLA clocks may pause here. */
    WAITING_RESIDENT("待补充"),
    /** 吹哨中: the street summoned several departments, each must 报到. */
    WHISTLED("吹哨中"),
    /** 已退单: the department returned it with a coded reason; back to dispatch. */
    RETURNED("已退单"),
    /** 待审定: returned too often; the street must arbitrate before it is dispatched again. */
    ARBITRATION("待审定"),
    /** 已办结: handled; the resident is asked to rate. */
    RESOLVED("已办结"),
    /** 重办: the resident was not satisfied (or the street reopened it); the department must sign again. */
    REOPENED("重办"),
    /** 已回访: rated (or the rating window passed); final unless reopened by the street. */
    CLOSED("已回访"),
    /** 已合并: a duplicate, followed through its master ticket. Final. */
    MERGED("已合并"),
    /** 已撤销: withdrawn. Final. */
    WITHDRAWN("已撤销");

    /**
     * The open statuses: handling is not finished — everything but 已办结 (RESOLVED, waiting for the rating) and
     * the final statuses. Residents' open tickets, cadres' 待办 and the near-duplicate index all use this one set.
     */
    public static final Set<TicketStatus> OPEN = Collections.unmodifiableSet(
            EnumSet.complementOf(EnumSet.of(RESOLVED, CLOSED, MERGED, WITHDRAWN)));

    private final String label;

    TicketStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** One of {@link #OPEN}. */
    public boolean open() {
        return OPEN.contains(this);
    }

    /** No SLA runs and no action but a street reopen (for CLOSED) applies. */
    public boolean terminal() {
        return this == CLOSED || this == MERGED || this == WITHDRAWN;
    }

    /** A department is working on it (sign / resolve clocks run). */
    public boolean withDepartment() {
        return this == DISPATCHED || this == ACCEPTED || this == IN_PROGRESS || this == WAITING_RESIDENT
                || this == WHISTLED || this == REOPENED;
    }

    public static TicketStatus parse(String s) {
        String t = s.trim();
        for (TicketStatus st : values()) {
            if (st.name().equalsIgnoreCase(t) || st.label.equals(t)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown ticket status '" + s + "'");
    }
}
