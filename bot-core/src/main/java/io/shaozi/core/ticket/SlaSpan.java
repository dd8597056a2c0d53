package io.shaozi.core.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deadline length as written in {@code sla.yaml}: {@code 30m} / {@code 24h} / {@code 3d} run on the wall clock;
 * {@code 2wh} runs in office hours of working days; {@code 7wd} ends at close of office on the 7th working day
 * after the start day.
 */
public record SlaSpan(long amount, Unit unit) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(m|h|d|wh|wd)");

    /** How a span counts. */
    public enum Unit {
        MINUTES("m"), HOURS("h"), DAYS("d"), WORKING_HOURS("wh"), WORKING_DAYS("wd");

        private final String suffix;

        Unit(String suffix) {
            this.suffix = suffix;
        }

        public boolean working() {
            return this == WORKING_HOURS || this == WORKING_DAYS;
        }
    }

    public SlaSpan {
        if (amount < 0) {
            throw new IllegalArgumentException("negative span");
        }
    }

    /** Parses {@code 30m}, {@code 2wh}, {@code 7wd}…; throws IllegalArgumentException with the accepted syntax. */
    public static SlaSpan parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + text
                    + "': use <n>m, <n>h, <n>d (wall clock), <n>wh (working hours) or <n>wd (working days)");
        }
        long n = Long.parseLong(m.group(1));
        for (Unit u : Unit.values()) {
            if (u.suffix.equals(m.group(2))) {
                return new SlaSpan(n, u);
            }
        }
        throw new IllegalArgumentException("bad duration unit: " + text);
    }

    /** When a clock started at {@code from} runs out. */
    public Instant dueFrom(Instant from, WorkingTime wt) {
        return switch (unit) {
            case MINUTES -> from.plus(Duration.ofMinutes(amount));
            case HOURS -> from.plus(Duration.ofHours(amount));
            case DAYS -> from.plus(Duration.ofDays(amount));
            case WORKING_HOURS -> wt.plusWorkingMinutes(from, amount * 60);
            case WORKING_DAYS -> wt.endOfWorkingDays(from, (int) amount);
        };
    }

    /** Moves a deadline later by the time a ticket spent paused, counted the way this span counts. */
    public Instant shift(Instant due, Instant pausedFrom, Instant pausedTo, WorkingTime wt) {
        if (unit.working()) {
            return wt.plusWorkingMinutes(due, wt.workingMinutesBetween(pausedFrom, pausedTo));
        }
        return due.plus(Duration.between(pausedFrom, pausedTo));
    }

    @Override
    public String toString() {
        return amount + unit.suffix;
    }
}
