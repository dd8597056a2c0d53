package io.shaozi.core.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One quiz attempt of a member: {@code planned} questions (a challenge: at most that many), begun on {@code day}
 * (Beijing), open until finished or {@code expiresAt} passes (then abandoned). {@code dedupe}: a key that makes the
 * attempt unique (the pushed 每日一题: one a member a day). {@code flag}: why fair play flagged it ({@code fast},
 * {@code regular}); a flagged attempt earns no points.
 */
public record Attempt(long id, String member, Activity activity, LocalDate day, int planned, Status status,
                      Instant startedAt, Instant expiresAt, Optional<String> dedupe, Optional<String> flag) {
    /** Open (being answered), done (every question answered, or a challenge's first mistake), expired. */
    public enum Status { OPEN, DONE, EXPIRED }
}
