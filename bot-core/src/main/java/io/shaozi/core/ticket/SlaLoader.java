package io.shaozi.core.ticket;

import io.shaozi.config.ConfigNode;
import io.shaozi.nlp.Urgency;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Parses {@code sla.yaml}; every error names the file and the key path. */
final class SlaLoader {
    private SlaLoader() {
    }

    static SlaPolicy parse(ConfigNode root, WorkingTime calendarTime) {
        WorkingTime wt = calendarTime;
        if (root.has("workingHours")) {
            ConfigNode h = root.get("workingHours");
            try {
                wt = new WorkingTime(calendarTime.calendar(),
                        root.has("timezone") ? SlaPolicy.zone(root.get("timezone")) : calendarTime.zone(),
                        SlaPolicy.time(h.get("start")), SlaPolicy.time(h.get("end")));
            } catch (IllegalArgumentException e) {
                throw h.error(e.getMessage());
            }
        }
        Map<Urgency, SlaTerms> defaults = new EnumMap<>(Urgency.class);
        ConfigNode d = root.get("defaults");
        for (Urgency u : Urgency.values()) {
            ConfigNode t = d.get(u.name());
            defaults.put(u, new SlaTerms(span(t.get("sign")), span(t.get("contact")), span(t.get("resolve"))));
        }
        Map<String, Map<Urgency, SlaTerms>> cats = new HashMap<>();
        if (root.has("categories")) {
            for (ConfigNode cat : root.get("categories").entries()) {
                String name = cat.key();
                Map<Urgency, SlaTerms> m = new EnumMap<>(Urgency.class);
                for (ConfigNode un : cat.entries()) {
                    Urgency u;
                    try {
                        u = Urgency.parse(un.key());
                    } catch (IllegalArgumentException e) {
                        throw un.error(e.getMessage());
                    }
                    SlaTerms base = defaults.get(u);
                    m.put(u, new SlaTerms(
                            un.has("sign") ? span(un.get("sign")) : base.sign(),
                            un.has("contact") ? span(un.get("contact")) : base.contact(),
                            un.has("resolve") ? span(un.get("resolve")) : base.resolve()));
                }
                cats.put(name, m);
            }
        }
        Map<Urgency, SlaSpan> report = new EnumMap<>(Urgency.class);
        ConfigNode r = root.get("report");
        for (Urgency u : Urgency.values()) {
            report.put(u, span(r.get(u.name())));
        }
        ConfigNode esc = root.opt("escalation").orElse(null);
        SlaSpan district = esc != null && esc.has("districtAfter") ? span(esc.get("districtAfter")) : SlaSpan.parse("1wd");
        int cap = root.int32("bounceCap", 2, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (cap < 0) {
            throw root.get("bounceCap").error("must be 0 or more");
        }
        SlaSpan rating = root.has("ratingWindow") ? span(root.get("ratingWindow")) : SlaSpan.parse("7d");
        Set<TicketStatus> paused = EnumSet.noneOf(TicketStatus.class);
        for (ConfigNode p : root.list("pausedStates")) {
            try {
                paused.add(TicketStatus.parse(p.text()));
            } catch (IllegalArgumentException e) {
                throw p.error(e.getMessage());
            }
        }
        SlaPolicy.MetricWeights w = SlaPolicy.MetricWeights.DEFAULT;
        if (root.has("metrics")) {
            ConfigNode m = root.get("metrics");
            w = new SlaPolicy.MetricWeights(
                    number(m, "satisfied", w.satisfied()), number(m, "basicallySatisfied", w.basicallySatisfied()),
                    number(m, "unsatisfied", w.unsatisfied()), number(m, "response", w.response()),
                    number(m, "resolution", w.resolution()), number(m, "satisfaction", w.satisfaction()));
        }
        return new SlaPolicy(wt, defaults, cats, report, district, cap, rating, paused, w);
    }

    private static double number(ConfigNode n, String key, double fallback) {
        return n.decimal(key, fallback, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    private static SlaSpan span(ConfigNode n) {
        try {
            return SlaSpan.parse(n.text());
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }
}
