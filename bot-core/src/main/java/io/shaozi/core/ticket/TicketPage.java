package io.shaozi.core.ticket;

import java.util.List;

/**
 * A page of the ticket list and the number of tickets matching the filter. {@code exact} is false only for free-text
 * searches (LIKE over request and address) with more than {@link #TEXT_COUNT_CAP} matches, where {@code total} is that
 * cap.
 */
public record TicketPage(List<TicketSummary> items, long total, boolean exact) {
    /** Text searches count matches up to this many (counting more would scan the whole table). */
    public static final int TEXT_COUNT_CAP = 1_000;

    public TicketPage {
        items = List.copyOf(items);
    }
}
