package io.shaozi.core.ticket;

import java.util.List;

/** A page of the ticket list and the total matching the filter. */
public record TicketPage(List<TicketSummary> items, long total) {
    public TicketPage {
        items = List.copyOf(items);
    }
}
