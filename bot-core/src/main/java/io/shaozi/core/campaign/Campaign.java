package io.shaozi.core.campaign;

import io.shaozi.core.audience.Audience;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A campaign: an approved content item × an audience × when.
 *
 * @param runAt    the next (or the only) run
 * @param repeat   weekly repetition, when it repeats
 * @param targeted recipients of the last run once resolved; before that, the audience's size when created
 * @param runs     runs started so far (the ledger rows of run n carry n)
 */
public record Campaign(long id, long contentId, Audience audience, Instant runAt, Optional<Repeat> repeat,
                       CampaignStatus status, long targeted, int runs, String createdBy, Instant createdAt,
                       Optional<Instant> startedAt, Optional<Instant> enqueuedAt, Optional<Instant> finishedAt,
                       String note) {
    public Campaign {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(repeat, "repeat");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(note, "note");
    }
}
