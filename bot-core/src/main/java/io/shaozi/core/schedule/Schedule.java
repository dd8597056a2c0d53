package io.shaozi.core.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When a recurring job runs. Times of day are Beijing time ({@link #ZONE}); working days follow the
 * {@link WorkingCalendar} the scheduler was given. The next run is a pure function of the previous one, so a
 * schedule is tested by calculation, without a clock.
 */
public sealed interface Schedule {
    /** The zone every schedule is expressed in. */
    ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** The first run time strictly after {@code after}. */
    Instant nextAfter(Instant after, WorkingCalendar calendar);

    /**
     * True when the run times are fixed points of the calendar (a time of day) rather than counted from the last
     * run; the scheduler then moves an already stored next run when the schedule or the calendar changed.
     */
    boolean fixedTimes();

    /** Every {@code period}, counted from the end of the previous run (the first run one period after start). */
    static Schedule every(Duration period) {
        return new Every(period);
    }

    /** Every day at {@code time} (Beijing time). */
    static Schedule dailyAt(LocalTime time) {
        return new DailyAt(time);
    }

    /**
     * Every working day at {@code time} (Beijing time): public holidays are skipped, 调休 make-up working days
     * (a Saturday or Sunday worked) are run.
     */
    static Schedule workingDaysAt(LocalTime time) {
        return new WorkingDaysAt(time);
    }

    /** A fixed delay between runs. */
    record Every(Duration period) implements Schedule {
        public Every {
            Objects.requireNonNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be positive, got " + period);
            }
        }

        @Override
        public Instant nextAfter(Instant after, WorkingCalendar calendar) {
            return after.plus(period);
        }

        @Override
        public boolean fixedTimes() {
            return false;
        }
    }

    /** A time of day, every day. */
    record DailyAt(LocalTime time) implements Schedule {
        public DailyAt {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public Instant nextAfter(Instant after, WorkingCalendar calendar) {
            return firstAtOrAfter(after, time, d -> true);
        }

        @Override
        public boolean fixedTimes() {
            return true;
        }
    }

    /** A time of day on working days. */
    record WorkingDaysAt(LocalTime time) implements Schedule {
        public WorkingDaysAt {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public Instant nextAfter(Instant after, WorkingCalendar calendar) {
            return firstAtOrAfter(after, time, calendar::isWorkingDay);
        }

        @Override
        public boolean fixedTimes() {
            return true;
        }
    }

    /** {@code time} on the first day accepted by {@code day} whose run time is strictly after {@code after}. */
    private static Instant firstAtOrAfter(Instant after, LocalTime time, java.util.function.Predicate<LocalDate> day) {
        LocalDate date = after.atZone(ZONE).toLocalDate();
        for (int i = 0; i <= WorkingCalendar.MAX_GAP_DAYS; i++, date = date.plusDays(1)) {
            ZonedDateTime at = date.atTime(time).atZone(ZONE);
            if (at.toInstant().isAfter(after) && day.test(date)) {
                return at.toInstant();
            }
        }
        throw new IllegalStateException("no working day within " + WorkingCalendar.MAX_GAP_DAYS + " days after "
                + after.atZone(ZONE).toLocalDate());
    }
}
