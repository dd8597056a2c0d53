package io.shaozi.core.ticket;

import java.time.Instant;
import java.util.Objects;

/**
 * One 退单: by which department, why, when; {@code wrongful} once the street judged it wrongful on re-dispatch,
 * with the working minutes lost that are charged to that department.
 */
public record ReturnRecord(int seq, String department, ReturnReason reason, Instant at, boolean wrongful, long lostMinutes) {
    public ReturnRecord {
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
