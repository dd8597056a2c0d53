package io.shaozi.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TicketStatusTest {
    @Test
    void open_isEverythingButResolvedAndTheFinalStatuses() {
        assertThat(TicketStatus.OPEN).doesNotContain(TicketStatus.RESOLVED, TicketStatus.CLOSED, TicketStatus.MERGED,
                TicketStatus.WITHDRAWN);
        assertThat(TicketStatus.OPEN).hasSize(TicketStatus.values().length - 4);
        for (TicketStatus s : TicketStatus.values()) {
            assertThat(s.open()).as(s.name()).isEqualTo(TicketStatus.OPEN.contains(s));
            if (s.withDepartment()) {
                assertThat(s.open()).as(s + " is with a department, so open").isTrue();
            }
            if (s.terminal()) {
                assertThat(s.open()).as(s + " is final, so not open").isFalse();
            }
        }
    }

    @Test
    void open_iteratesInLifecycleOrder() {
        assertThat(TicketStatus.OPEN).containsExactlyElementsOf(
                Arrays.stream(TicketStatus.values()).filter(TicketStatus::open).toList());
    }
}
