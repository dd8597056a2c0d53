package io.shaozi.core.campaign;

import java.util.Map;

/**
 * A campaign's (or one group's) ledger in numbers: targeted = every ledger row; read and studied count recipients
 * whose read page was opened / who replied 已学. {@code failedByCode} and {@code droppedByCode} break the failures
 * down by platform error code or quota rule; {@code waiting} counts WeChat residents waiting for their next digest.
 */
public record CampaignCounts(String group, long targeted, long queued, long sent, long failed, long dropped,
                             long read, long studied, Map<String, Long> failedByCode,
                             Map<String, Long> droppedByCode, long waiting) {
    public CampaignCounts(String group, long targeted, long queued, long sent, long failed, long dropped, long read,
                          long studied, Map<String, Long> failedByCode, Map<String, Long> droppedByCode) {
        this(group, targeted, queued, sent, failed, dropped, read, studied, failedByCode, droppedByCode, 0);
    }

    public CampaignCounts {
        failedByCode = Map.copyOf(failedByCode);
        droppedByCode = Map.copyOf(droppedByCode);
    }

    /** Share of {@code part} in the sent messages, 0 when nothing was sent. */
    public double rateOfSent(long part) {
        return sent == 0 ? 0 : (double) part / sent;
    }
}
