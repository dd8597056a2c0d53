package io.shaozi.core.ticket;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One department summoned by a 吹哨, with its own 报到 deadline and, once it reported, who and when (and optionally
 * where, with a photo reference). {@code missed} is set by the scanner when the deadline passed unreported; a late
 * 报到 is still recorded.
 */
public record Summons(String department, Instant summonedAt, Instant dueAt, Optional<Instant> reportedAt,
                      Optional<String> reportedBy, Optional<String> location, Optional<String> photo, boolean missed) {
    public Summons {
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(summonedAt, "summonedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(reportedBy, "reportedBy");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(photo, "photo");
    }

    public boolean reported() {
        return reportedAt.isPresent();
    }

    /** Reported no later than the deadline. */
    public boolean punctual() {
        return reportedAt.isPresent() && !reportedAt.get().isAfter(dueAt);
    }
}
