package io.shaozi.core.ticket;

import io.shaozi.nlp.Rating;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * 响应率 / 解决率 / 满意率 and friends per department, community or category. Definitions (also in TICKETS.md):
 * <ul>
 * <li>受理量 {@code total}: tickets created in the period (merged duplicates excluded).</li>
 * <li>派单量 {@code dispatched}: of those, dispatched at least once and not withdrawn.</li>
 * <li>响应率: signed (签收) no later than the sign deadline, judged once per ticket at its first signing or first
 * missed sign deadline (a later reopen does not change it), over dispatched tickets so judged or whose current sign
 * deadline has passed unsigned.</li>
 * <li>解决率: 办结 (resolved or closed) over dispatched.</li>
 * <li>满意率: Σ weight(rating) over rated tickets (满意, 基本满意, 不满意; unrated excluded); default weights 1, 1, 0.</li>
 * <li>超期: tickets with at least one missed deadline; 退单: returns made by the department (wrongful ones and the
 * working minutes lost are shown apart); 报到准时率: punctual 报到 over summons whose deadline passed or that
 * reported.</li>
 * <li>综合得分: weighted sum of the three rates (default 0.10 / 0.45 / 0.45), ×100.</li>
 * </ul>
 * Tickets count for their current department; returns for the returning department; summons for the summoned one.
 */
public final class TicketMetrics {

    /** What to group by. */
    public enum Dimension { DEPARTMENT, COMMUNITY, CATEGORY, TYPE }

    /** One group's figures; rates are 0..1 (NaN-free: 0 when the denominator is 0, see {@code *Base}). */
    public record Row(String key, String name, long total, long dispatched, long responded, long responseBase,
                      long resolved, long rated, double satisfactionPoints, long overdue, long returns,
                      long wrongfulReturns, long lostMinutes, long summoned, long punctual, long reportBase) {

        public double responseRate() {
            return ratio(responded, responseBase);
        }

        public double resolutionRate() {
            return ratio(resolved, dispatched);
        }

        public double satisfactionRate() {
            return rated == 0 ? 0 : satisfactionPoints / rated;
        }

        public double punctuality() {
            return ratio(punctual, reportBase);
        }

        /**
         * The weighted sum ×100. Without any rating the satisfaction part is left out and the other two weights are
         * scaled up to the same total, so unrated tickets neither lower nor raise the score.
         */
        public double score(SlaPolicy.MetricWeights w) {
            if (rated == 0) {
                double rest = w.response() + w.resolution();
                double all = rest + w.satisfaction();
                return rest == 0 ? 0 : 100 * (w.response() * responseRate() + w.resolution() * resolutionRate()) * all / rest;
            }
            return 100 * (w.response() * responseRate() + w.resolution() * resolutionRate()
                    + w.satisfaction() * satisfactionRate());
        }
    }

    private final SlaPolicy.MetricWeights weights;
    private final Function<String, String> names;

    public TicketMetrics(SlaPolicy.MetricWeights weights, Function<String, String> names) {
        this.weights = weights;
        this.names = names;
    }

    /** Groups sorted by score (ranking), best first; ties by key. */
    public List<Row> compute(MetricsFacts facts, Dimension dim, Instant asOf) {
        Map<String, long[]> c = new TreeMap<>();
        Map<String, double[]> pts = new TreeMap<>();
        for (MetricsFacts.TicketFact t : facts.tickets()) {
            if (t.status() == TicketStatus.MERGED) {
                continue;
            }
            Optional<String> key = switch (dim) {
                case DEPARTMENT -> t.department();
                case COMMUNITY -> t.community();
                case CATEGORY -> Optional.of(t.category());
                case TYPE -> Optional.of(t.requestType()).filter(s -> !s.isEmpty()); // 请求类型: 咨询 … 表扬
            };
            String k = key.orElse("");
            long[] a = c.computeIfAbsent(k, x -> new long[15]);
            a[0]++;
            boolean dispatched = t.dispatchedAt().isPresent() && t.status() != TicketStatus.WITHDRAWN;
            if (dispatched) {
                a[1]++;
                // judged on the first dispatch cycle that was signed or missed (a reopen does not undo it)
                boolean decided = t.responded().isPresent()
                        || t.acceptedAt().isEmpty() && t.signDue().map(d -> !d.isAfter(asOf)).orElse(false);
                if (decided) {
                    a[3]++;
                    if (t.responded().orElse(false)) {
                        a[2]++;
                    }
                }
                if (t.status() == TicketStatus.RESOLVED || t.status() == TicketStatus.CLOSED) {
                    a[4]++;
                }
            }
            if (t.rating().isPresent() && t.rating().get() != Rating.UNRATED) {
                a[5]++;
                pts.computeIfAbsent(k, x -> new double[1])[0] += switch (t.rating().get()) {
                    case SATISFIED -> weights.satisfied();
                    case BASICALLY_SATISFIED -> weights.basicallySatisfied();
                    case UNSATISFIED -> weights.unsatisfied();
                    case UNRATED -> 0;
                };
            }
            if (t.breaches() > 0) {
                a[6]++;
            }
        }
        Map<String, MetricsFacts.TicketFact> byNumber = new TreeMap<>();
        facts.tickets().forEach(t -> byNumber.put(t.number(), t));
        for (MetricsFacts.ReturnFact r : facts.returns()) {
            String k = key(dim, r.department(), byNumber.get(r.number()));
            long[] a = c.computeIfAbsent(k, x -> new long[15]);
            a[7]++;
            if (r.wrongful()) {
                a[8]++;
                a[9] += r.lostMinutes();
            }
        }
        for (MetricsFacts.SummonsFact s : facts.summons()) {
            String k = key(dim, s.department(), byNumber.get(s.number()));
            long[] a = c.computeIfAbsent(k, x -> new long[15]);
            a[10]++;
            boolean decided = s.reportedAt().isPresent() || s.missed() || !s.dueAt().isAfter(asOf);
            if (decided) {
                a[12]++;
                if (s.reportedAt().isPresent() && !s.reportedAt().get().isAfter(s.dueAt())) {
                    a[11]++;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        c.forEach((k, a) -> rows.add(new Row(k, k.isEmpty() ? "（未指定）" : names.apply(k), a[0], a[1], a[2], a[3], a[4], a[5],
                pts.getOrDefault(k, new double[1])[0], a[6], a[7], a[8], a[9], a[10], a[11], a[12])));
        rows.sort(Comparator.comparingDouble((Row r) -> -r.score(weights)).thenComparing(Row::key));
        return rows;
    }

    /** Group of a return or summons: the acting department, or its ticket's community / category. */
    private static String key(Dimension dim, String department, MetricsFacts.TicketFact ticket) {
        Optional<MetricsFacts.TicketFact> t = Optional.ofNullable(ticket);
        return switch (dim) {
            case DEPARTMENT -> department;
            case COMMUNITY -> t.flatMap(MetricsFacts.TicketFact::community).orElse("");
            case CATEGORY -> t.map(MetricsFacts.TicketFact::category).orElse("");
            case TYPE -> t.map(MetricsFacts.TicketFact::requestType).orElse("");
        };
    }

    public SlaPolicy.MetricWeights weights() {
        return weights;
    }

    /** CSV with a Chinese header row; rates as percentages with one decimal, 满意率 "—" without ratings. */
    public String csv(List<Row> rows, Dimension dim) {
        StringBuilder sb = new StringBuilder();
        sb.append("排名,").append(switch (dim) {
            case DEPARTMENT -> "部门代码";
            case COMMUNITY -> "社区代码";
            case CATEGORY -> "类别";
            case TYPE -> "诉求类型";
        }).append(",名称,受理量,派单量,响应率,解决率,满意率,"
                + "评价数,超期,退单,不当退单,耽误分钟,被召集,报到准时率,综合得分\n");
        int rank = 1;
        for (Row r : rows) {
            sb.append(rank++).append(',').append(csvCell(r.key())).append(',').append(csvCell(r.name())).append(',')
                    .append(r.total()).append(',').append(r.dispatched()).append(',').append(pct(r.responseRate())).append(',')
                    .append(pct(r.resolutionRate())).append(',')
                    .append(r.rated() == 0 ? "—" : pct(r.satisfactionRate())).append(',')
                    .append(r.rated()).append(',').append(r.overdue()).append(',').append(r.returns()).append(',')
                    .append(r.wrongfulReturns()).append(',').append(r.lostMinutes()).append(',').append(r.summoned())
                    .append(',').append(pct(r.punctuality())).append(',')
                    .append(String.format(Locale.ROOT, "%.1f", r.score(weights))).append('\n');
        }
        return sb.toString();
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    /** RFC 4180 cell; also neutralises spreadsheet formulas (leading = + - @). */
    public static String csvCell(String s) {
        String v = s;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
