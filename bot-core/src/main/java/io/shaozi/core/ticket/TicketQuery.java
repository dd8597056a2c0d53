package io.shaozi.core.ticket;

import java.util.Objects;
import java.util.Optional;

/**
 * Filter of the ticket list. Empty fields do not filter; {@code q} matches number, text or place (substring).
 * {@code page} is 1-based. {@code type}: the request type (咨询, 求助, 投诉, 举报, 建议, 表扬).
 */
public record TicketQuery(Optional<TicketStatus> status, Optional<String> department, Optional<String> community,
                          Optional<String> category, Optional<Boolean> overdue, Optional<String> q, int page, int size,
                          Optional<String> type) {
    public static final int MAX_SIZE = 200;

    public TicketQuery {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(community, "community");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(overdue, "overdue");
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(type, "type");
        if (page < 1) {
            throw new IllegalArgumentException("page starts at 1");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_SIZE);
        }
    }

    /** Without a request type filter. */
    public TicketQuery(Optional<TicketStatus> status, Optional<String> department, Optional<String> community,
                       Optional<String> category, Optional<Boolean> overdue, Optional<String> q, int page, int size) {
        this(status, department, community, category, overdue, q, page, size, Optional.empty());
    }

    public static TicketQuery all() {
        return new TicketQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 1, 20);
    }

    public TicketQuery withDepartment(String d) {
        return new TicketQuery(status, Optional.of(d), community, category, overdue, q, page, size, type);
    }

    public TicketQuery withCommunity(String c) {
        return new TicketQuery(status, department, Optional.of(c), category, overdue, q, page, size, type);
    }

    public int offset() {
        return (page - 1) * size;
    }
}
