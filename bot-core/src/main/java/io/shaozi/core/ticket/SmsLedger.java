package io.shaozi.core.ticket;

import java.time.LocalDate;

/** Counts alert SMS per number and day, so that no number gets more than its daily cap. */
@FunctionalInterface
public interface SmsLedger {
    /**
     * Reserves one SMS to {@code phone} on {@code day} for {@code key} (one alert step): true when {@code key} was
     * reserved before or the number is still under {@code cap} that day (then it counts); false otherwise.
     */
    boolean reserve(String phone, LocalDate day, String key, int cap);
}
