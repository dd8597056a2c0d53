package io.shaozi.core.ticket;

import io.shaozi.nlp.Urgency;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The alert ladder (告警升级), per severity: step 1 is the notice to the department's address (and, for
 * emergencies, to each staff member on duty); each further step follows {@code after} unacknowledged: an urgent
 * notice (加急), SMS, the supervisor (街道 / 领导). After the last step the steps after the first repeat, at most
 * {@code repeats} times. Quiet hours (Beijing time) hold the steps of ladders that are not {@code critical}.
 *
 * @param smsPerNumberPerDay most SMS one number receives a day (Beijing date), over all tickets
 * @param smsConsent         numbers whose owners agreed to alert SMS; no other number is ever texted
 */
public record AlertPolicy(boolean enabled, LocalTime quietFrom, LocalTime quietTo, Map<Urgency, Ladder> ladders,
                          int smsPerNumberPerDay, Set<String> smsConsent) {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** What one step of a ladder does. */
    public enum Step {
        /** 通知: the department's address (emergencies: and its staff on duty). */
        NOTICE("通知"),
        /** 加急: the platform's urgent notice where it has one (else the notice again, marked 加急). */
        URGENT("加急"),
        /** 短信: the staff's phones with consent, within the daily cap. */
        SMS("短信"),
        /** 上级: the street's address and the leaders. */
        SUPERVISOR("上报上级");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Step parse(String s) {
            for (Step st : values()) {
                if (st.name().equalsIgnoreCase(s)) {
                    return st;
                }
            }
            throw new IllegalArgumentException("unknown step '" + s + "' (notice, urgent, sms, supervisor)");
        }
    }

    /**
     * One severity's ladder.
     *
     * @param after    time unacknowledged before the next step (1 minute to 24 hours)
     * @param steps    first one {@link Step#NOTICE}; empty: no ladder (only the plain notice)
     * @param repeats  how many times the steps after the first run again after the last (0-10)
     * @param critical never held by quiet hours
     */
    public record Ladder(Duration after, List<Step> steps, int repeats, boolean critical) {
        public Ladder {
            Objects.requireNonNull(after, "after");
            steps = List.copyOf(steps);
            if (after.compareTo(Duration.ofMinutes(1)) < 0 || after.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("ackMinutes must be 1-1440");
            }
            if (!steps.isEmpty() && steps.get(0) != Step.NOTICE) {
                throw new IllegalArgumentException("the first step must be notice");
            }
            if (repeats < 0 || repeats > 10) {
                throw new IllegalArgumentException("repeats must be 0-10");
            }
        }

        /** Number of steps in all, repeats included. */
        public int total() {
            if (steps.isEmpty()) {
                return 0;
            }
            return steps.size() + repeats * Math.max(1, steps.size() - 1);
        }

        /** The kind of step {@code k} (0-based, repeats included). */
        public Step step(int k) {
            if (k < steps.size()) {
                return steps.get(k);
            }
            int tail = steps.size() - 1;
            return tail == 0 ? steps.get(0) : steps.get(1 + (k - steps.size()) % tail);
        }
    }

    public AlertPolicy {
        Objects.requireNonNull(quietFrom, "quietFrom");
        Objects.requireNonNull(quietTo, "quietTo");
        ladders = Map.copyOf(ladders);
        smsConsent = Set.copyOf(smsConsent);
        if (smsPerNumberPerDay < 0) {
            throw new IllegalArgumentException("smsPerNumberPerDay must not be negative");
        }
    }

    /** The ladder of a severity; empty when it has none. */
    public Optional<Ladder> ladder(Urgency u) {
        return enabled ? Optional.ofNullable(ladders.get(u)).filter(l -> !l.steps().isEmpty()) : Optional.empty();
    }

    /** Whether {@code at} falls in the quiet hours (from inclusive, to exclusive; equal times: none). */
    public boolean quiet(Instant at) {
        if (quietFrom.equals(quietTo)) {
            return false;
        }
        LocalTime t = at.atZone(ZONE).toLocalTime();
        return quietFrom.isBefore(quietTo) ? !t.isBefore(quietFrom) && t.isBefore(quietTo)
                : !t.isBefore(quietFrom) || t.isBefore(quietTo);
    }

    /** The shipped defaults (as in config/shaozi.yaml). */
    public static AlertPolicy defaults() {
        Map<Urgency, Ladder> l = new EnumMap<>(Urgency.class);
        l.put(Urgency.EMERGENCY, new Ladder(Duration.ofMinutes(5),
                List.of(Step.NOTICE, Step.URGENT, Step.SMS, Step.SUPERVISOR), 2, true));
        l.put(Urgency.URGENT, new Ladder(Duration.ofMinutes(30), List.of(Step.NOTICE, Step.URGENT, Step.SUPERVISOR), 1,
                false));
        l.put(Urgency.NORMAL, new Ladder(Duration.ofMinutes(120), List.of(), 0, false));
        return new AlertPolicy(true, LocalTime.of(22, 0), LocalTime.of(7, 0), l, 5, Set.of());
    }
}
