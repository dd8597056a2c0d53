package io.shaozi.core.identity;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who of a department is on duty (值班) when, in Beijing time: emergency alerts go to those on duty instead of every
 * staff member. A department without shifts has no roster (everyone is alerted); a roster with nobody on duty at
 * that time also alerts everyone, so that an emergency never reaches no one.
 */
public record DutyRoster(List<Shift> shifts) {
    /** One recurring shift; {@code from} after {@code to} runs over midnight (its start day counts). */
    public record Shift(String department, String person, Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        public Shift {
            Objects.requireNonNull(department, "department");
            Objects.requireNonNull(person, "person");
            days = Set.copyOf(days);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        boolean covers(Instant at) {
            ZonedDateTime z = at.atZone(java.time.ZoneId.of("Asia/Shanghai"));
            LocalTime t = z.toLocalTime();
            if (from.equals(to)) {
                return days.contains(z.getDayOfWeek()); // all day
            }
            if (from.isBefore(to)) {
                return days.contains(z.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
            }
            return days.contains(z.getDayOfWeek()) && !t.isBefore(from)
                    || days.contains(z.getDayOfWeek().minus(1)) && t.isBefore(to);
        }
    }

    public static final DutyRoster NONE = new DutyRoster(List.of());

    public DutyRoster {
        shifts = List.copyOf(shifts);
    }

    /** Person ids of {@code department} on duty at {@code at}; empty when the department has no roster. */
    public Optional<Set<String>> onDuty(String department, Instant at) {
        List<Shift> own = shifts.stream().filter(s -> s.department().equals(department)).toList();
        if (own.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(own.stream().filter(s -> s.covers(at)).map(Shift::person).collect(Collectors.toSet()));
    }
}
