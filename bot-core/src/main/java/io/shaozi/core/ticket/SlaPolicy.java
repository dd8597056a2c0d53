package io.shaozi.core.ticket;

import io.shaozi.config.ConfigNode;
import io.shaozi.nlp.Urgency;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Service levels from {@code config/sla.yaml}: clocks per category, subcategory and urgency, 报到 deadlines, the
 * escalation ladder, the bounce cap, the rating window, the states that pause the clock, and the metric weights.
 * See {@code bot-core/TICKETS.md} for the file format and the defaults chosen.
 */
public final class SlaPolicy {
    private final WorkingTime workingTime;
    private final Map<Urgency, SlaTerms> defaults;
    private final Map<String, Map<Urgency, SlaTerms>> byCategory;
    private final Map<Urgency, SlaSpan> report;
    private final SlaSpan escalateDistrictAfter;
    private final int bounceCap;
    private final SlaSpan ratingWindow;
    private final Set<TicketStatus> pausedStates;
    private final MetricWeights weights;

    public SlaPolicy(WorkingTime workingTime, Map<Urgency, SlaTerms> defaults, Map<String, Map<Urgency, SlaTerms>> byCategory,
                     Map<Urgency, SlaSpan> report, SlaSpan escalateDistrictAfter, int bounceCap, SlaSpan ratingWindow,
                     Set<TicketStatus> pausedStates, MetricWeights weights) {
        this.workingTime = Objects.requireNonNull(workingTime, "workingTime");
        this.defaults = Map.copyOf(defaults);
        for (Urgency u : Urgency.values()) {
            if (!this.defaults.containsKey(u)) {
                throw new IllegalArgumentException("no default SLA for urgency " + u);
            }
            if (!report.containsKey(u)) {
                throw new IllegalArgumentException("no 报到 deadline for urgency " + u);
            }
        }
        Map<String, Map<Urgency, SlaTerms>> cats = new HashMap<>();
        byCategory.forEach((k, v) -> cats.put(k, Map.copyOf(v)));
        this.byCategory = Map.copyOf(cats);
        this.report = Map.copyOf(report);
        this.escalateDistrictAfter = escalateDistrictAfter;
        if (bounceCap < 0) {
            throw new IllegalArgumentException("bounce cap must be >= 0");
        }
        this.bounceCap = bounceCap;
        this.ratingWindow = ratingWindow;
        this.pausedStates = pausedStates.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(pausedStates));
        this.weights = weights;
    }

    /** Built-in defaults (also what the shipped {@code sla.yaml} says), over a weekends-only calendar unless given. */
    public static SlaPolicy defaults(WorkingTime wt) {
        Map<Urgency, SlaTerms> d = new EnumMap<>(Urgency.class);
        d.put(Urgency.EMERGENCY, new SlaTerms(SlaSpan.parse("30m"), SlaSpan.parse("30m"), SlaSpan.parse("24h")));
        d.put(Urgency.URGENT, new SlaTerms(SlaSpan.parse("1wh"), SlaSpan.parse("4h"), SlaSpan.parse("3wd")));
        d.put(Urgency.NORMAL, new SlaTerms(SlaSpan.parse("2wh"), SlaSpan.parse("24h"), SlaSpan.parse("7wd")));
        Map<Urgency, SlaSpan> r = new EnumMap<>(Urgency.class);
        r.put(Urgency.EMERGENCY, SlaSpan.parse("30m"));
        r.put(Urgency.URGENT, SlaSpan.parse("2h"));
        r.put(Urgency.NORMAL, SlaSpan.parse("1wd"));
        return new SlaPolicy(wt, d, Map.of(), r, SlaSpan.parse("1wd"), 2, SlaSpan.parse("7d"),
                EnumSet.of(TicketStatus.WAITING_RESIDENT), MetricWeights.DEFAULT);
    }

    public static SlaPolicy load(Path file, WorkingTime wt) {
        return SlaLoader.parse(ConfigNode.read(file), wt);
    }

    public static SlaPolicy loadDefault(WorkingTime wt) {
        return SlaLoader.parse(ConfigNode.resource(SlaPolicy.class, "/defaults/sla.yaml"), wt);
    }

    /** Most specific terms: subcategory, then category, then the default; missing clocks fall back the same way. */
    public SlaTerms terms(String category, Optional<String> subcategory, Urgency urgency) {
        SlaTerms base = defaults.get(urgency);
        Map<Urgency, SlaTerms> cat = byCategory.get(category);
        if (cat != null && cat.containsKey(urgency)) {
            base = cat.get(urgency);
        }
        if (subcategory.isPresent()) {
            Map<Urgency, SlaTerms> sub = byCategory.get(category + "/" + subcategory.get());
            if (sub == null) {
                sub = byCategory.get(subcategory.get());
            }
            if (sub != null && sub.containsKey(urgency)) {
                base = sub.get(urgency);
            }
        }
        return base;
    }

    public WorkingTime workingTime() {
        return workingTime;
    }

    /** How long a summoned department has to 报到. */
    public SlaSpan report(Urgency u) {
        return report.get(u);
    }

    /** Still overdue this long after the breach: escalate from the street leader to the district. */
    public SlaSpan escalateDistrictAfter() {
        return escalateDistrictAfter;
    }

    /** Returns allowed before the street must arbitrate (审定). */
    public int bounceCap() {
        return bounceCap;
    }

    /** Unrated this long after 办结: closed as unrated. */
    public SlaSpan ratingWindow() {
        return ratingWindow;
    }

    public boolean pauses(TicketStatus s) {
        return pausedStates.contains(s);
    }

    public Set<TicketStatus> pausedStates() {
        return pausedStates;
    }

    public MetricWeights weights() {
        return weights;
    }

    /** Weights of the metrics (see TICKETS.md). */
    public record MetricWeights(double satisfied, double basicallySatisfied, double unsatisfied,
                                double response, double resolution, double satisfaction) {
        public static final MetricWeights DEFAULT = new MetricWeights(1.0, 1.0, 0.0, 0.1, 0.45, 0.45);
    }

    static LocalTime time(ConfigNode n) {
        try {
            return LocalTime.parse(n.text());
        } catch (DateTimeParseException e) {
            throw n.error("expected a time HH:MM, got '" + n.text() + "'");
        }
    }

    static ZoneId zone(ConfigNode n) {
        try {
            return ZoneId.of(n.text());
        } catch (RuntimeException e) {
            throw n.error("unknown time zone '" + n.text() + "'");
        }
    }
}
