package io.shaozi.core.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One line of the append-only points ledger: unique per attempt and {@code seq} (the question's number; 0 for the
 * streak bonus of a daily quiz), so a repeated answer never counts twice. {@code day}: the Beijing date it counts for.
 */
public record PointsEntry(long attempt, int seq, String member, Activity activity, String reason,
                          Optional<String> questionId, int points, LocalDate day, Instant at) {
}
