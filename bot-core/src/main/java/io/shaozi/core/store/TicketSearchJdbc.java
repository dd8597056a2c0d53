package io.shaozi.core.store;

import static io.shaozi.core.store.TicketRows.*;

import io.shaozi.core.ticket.TicketPage;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGStatement;


/**
 * Free-text and filtered search over the ticket projection, and the backfill of the text index: the character
 * bigrams, sparse grams, digit windows, digit triples and anchored grams ({@link TextGrams}) of request text and
 * address in {@code ticket_gram} narrow the candidates, the exact {@code LIKE} decides. Plans are explained in
 * bot-core/TICKETS.md ("Search").
 */
final class TicketSearchJdbc {

    /** A {@code q} of digits only searches ticket numbers (prefix) and phone numbers, both indexed. */
    private static final String DIGITS = "\\d{6,}";

    /**
     * Postings of a query gram are counted up to this many to find the rarest; a gram with fewer restricts the
     * candidates to its postings (each checked by the LIKE), with none of them rare the text search is the plain LIKE
     * scan. Checking a few thousand candidates by primary key costs less than scanning for matches that rare.
     */
    private static final int GRAM_PROBE = 4_096;
    /**
     * Digit triples (V17) are counted up to this many times {@link #GRAM_PROBE}: their lists have 4,000–7,300 postings
     * on 1,000,000 tickets, and checking those by primary key still beats scanning for matches that rare. So are
     * anchored grams (V18) and anything of their shape: each list is part of a triple's, so an anchored gram counted
     * as common at a lower limit would hide the triple inside it, which is never rarer but might be under the limit.
     */
    private static final int TRIPLE_PROBE_FACTOR = 2;
    /** A count that reached its gram's probe limit: the gram is common. */
    private static final long COMMON = Long.MAX_VALUE;
    /** A gram with at most this many postings is rare enough: the remaining grams of the query are not probed. */
    private static final int GRAM_ENOUGH = 64;
    /** Rows a LIKE scan in list order reads for the cost of one primary-key probe of a candidate (measured: 10–20). */
    private static final int SCAN_ROWS_PER_PROBE = 8;
    /** At most this many grams of a query are probed. */
    private static final int QUERY_GRAMS = 8;
    private static final int BACKFILL_BATCH = 2_000;
    /**
     * {@code ticket_gram_state} rows: the bigrams (V13), the sparse grams (V14), the digit windows (V16), the digit
     * triples (V17) and the anchored grams (V18) are backfilled one after the other.
     */
    private static final int BIGRAMS = 1;
    private static final int SPARSE = 2;
    private static final int DIGIT_WINDOWS = 3;
    private static final int DIGIT_TRIPLES = 4;
    private static final int ANCHORED = 5;

    private final DataSource ds;
    private final io.shaozi.core.store.Tx tx;
    private final int gramProbe;
    /** {@link #GRAM_ENOUGH}, scaled down with a smaller probe limit (tests). */
    private final int gramEnough;
    /** Set once {@code ticket_gram_state} says the backfill of that kind of gram is done. */
    private volatile boolean bigramsReady;
    private volatile boolean sparseReady;
    private volatile boolean digitsReady;
    private volatile boolean triplesReady;
    private volatile boolean anchoredReady;

    TicketSearchJdbc(DataSource ds, int gramProbe) {
        this.ds = ds;
        this.tx = new io.shaozi.core.store.Tx(ds);
        this.gramProbe = gramProbe;
        this.gramEnough = Math.min(GRAM_ENOUGH, gramProbe / 64);
    }

    public TicketPage search(TicketQuery q) {
        return read(ds, c -> {
            StringBuilder where = new StringBuilder(" WHERE 1=1");
            List<Object> args = new ArrayList<>();
            q.status().ifPresent(s -> {
                where.append(" AND status = ?");
                args.add(s.name());
            });
            q.department().ifPresent(s -> {
                where.append(" AND department = ?");
                args.add(s);
            });
            q.community().ifPresent(s -> {
                where.append(" AND community = ?");
                args.add(s);
            });
            q.category().ifPresent(s -> {
                where.append(" AND category = ?");
                args.add(s);
            });
            q.overdue().ifPresent(b -> {
                where.append(" AND overdue = ?");
                args.add(b);
            });
            q.type().ifPresent(s -> {
                where.append(" AND request_type = ?");
                args.add(s);
            });
            Optional<String> qs = q.q().map(String::strip).filter(s -> !s.isEmpty());
            Rarest candidates = null;
            String filters = null; // the filters without the LIKE (text queries)
            List<Object> filterArgs = null;
            if (qs.isPresent() && qs.get().matches(DIGITS)) {
                // a ticket number (or its prefix) or a phone number: both indexed
                String s = qs.get();
                where.append(" AND ((number >= ? AND number < ?) OR phone = ?)");
                args.add(s);
                args.add(s + "~");
                args.add(s);
            } else if (qs.isPresent()) {
                String s = qs.get();
                filters = where.toString();
                filterArgs = new ArrayList<>(args);
                String like = "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                where.append(" AND (content LIKE ? OR place LIKE ?)");
                args.add(like);
                args.add(like);
                List<TextGrams.Gram> grams = queryGrams(c, s);
                if (!grams.isEmpty()) {
                    Rarest r = rarest(c, grams);
                    if (r.postings() == 0) {
                        return new TicketPage(List.of(), 0, true); // a gram of q occurs in no ticket
                    }
                    if (r.postings() != COMMON) {
                        // few: the LIKE checks those in the rarest gram's posting list only — or, unless that list
                        // is short already, in both of the two rarest lists
                        candidates = r.postings() > gramEnough ? r : new Rarest(r.gram(), r.postings(), null);
                    }
                    // else every gram of q is common: matches are dense, the LIKE scan finds them soonest
                }
            }
            String inCandidates = candidates == null || candidates.second() == null
                    ? " AND number IN (SELECT number FROM ticket_gram WHERE gram = ?)"
                    : " AND number IN (SELECT a.number FROM ticket_gram a JOIN ticket_gram b ON b.gram = ?"
                            + " AND b.number = a.number WHERE a.gram = ?)";
            List<Object> candidateArgs = new ArrayList<>(args);
            if (candidates != null) {
                if (candidates.second() != null) {
                    candidateArgs.add(candidates.second());
                }
                candidateArgs.add(candidates.gram());
            }
            String narrowed = where + (candidates != null ? inCandidates : "");
            boolean search = q.q().filter(x -> !x.isBlank()).isPresent();
            boolean text = search && !q.q().get().strip().matches(DIGITS);
            long total;
            long selected = -1; // the tickets the filters select (ticket_count cells), once read
            if (search && !text) {
                total = count(c, "SELECT COUNT(*) FROM ticket" + where, args); // number/phone: indexed
            } else if (text) {
                if (candidates != null) {
                    selected = cells(c, q);
                    Optional<TicketPage> page = pageFromAllCandidates(c, q, selected, candidates, narrowed,
                            candidateArgs);
                    if (page.isPresent()) {
                        return page.get();
                    }
                }
                List<Object> capped = new ArrayList<>(candidateArgs);
                capped.add(TicketPage.TEXT_COUNT_CAP + 1);
                total = count(c, "SELECT COUNT(*) FROM (SELECT 1 FROM ticket" + narrowed + " LIMIT ?) m", capped);
            } else {
                selected = cells(c, q);
                total = selected;
            }
            boolean exact = !text || total <= TicketPage.TEXT_COUNT_CAP;
            if (!exact) {
                total = TicketPage.TEXT_COUNT_CAP;
            }
            List<TicketSummary> items = new ArrayList<>();
            if (total > q.offset()) {
                // The page: from the candidates (a primary-key probe each, then sorted), unless matches are so dense
                // that the LIKE scan in list order reaches the end of the page sooner (rows read in order cost a
                // fraction of a probe). Either way the same filters and LIKE decide: only the cost differs.
                // Matches need not be spread evenly (texts from one stretch of the year): the scan reads at most twice
                // the rows it needs for evenly spread matches (once, when the total is capped: then it understates the
                // matches and the rows are overestimated already), and no more than the candidates would cost; if that
                // does not fill the page, the candidates are read after all.
                double scanRows = (double) (selected >= 0 ? selected : cells(c, q)) * (q.offset() + q.size()) / total;
                boolean fromCandidates = candidates != null && scanRows > SCAN_ROWS_PER_PROBE * candidates.postings();
                if (candidates != null && !fromCandidates) {
                    int budget = (int) Math.min(Integer.MAX_VALUE, Math.ceil(Math.min(
                            SCAN_ROWS_PER_PROBE * candidates.postings(), (exact ? 2 : 1) * scanRows)) + q.offset() + q.size());
                    try (PreparedStatement ps = searchStatement(c, "SELECT " + SUMMARY_COLUMNS + " FROM (SELECT * FROM ticket"
                            + filters + " ORDER BY created_at DESC, number DESC LIMIT ?) s WHERE (content LIKE ? OR place LIKE ?)"
                            + " ORDER BY created_at DESC, number DESC LIMIT ? OFFSET ?")) {
                        List<Object> all = new ArrayList<>(filterArgs);
                        all.add(budget);
                        all.add(args.get(args.size() - 2)); // the LIKE patterns
                        all.add(args.get(args.size() - 1));
                        all.add(q.size());
                        all.add(q.offset());
                        bind(ps, all);
                        items.addAll(summaries(ps));
                    }
                    if (items.size() < q.size()) {
                        items.clear(); // the budget ran out before the page was full (or this is the last page)
                        fromCandidates = true;
                    }
                }
                if (items.isEmpty()) {
                    try (PreparedStatement ps = searchStatement(c, "SELECT " + SUMMARY_COLUMNS + " FROM ticket"
                            + (fromCandidates ? narrowed : where) + " ORDER BY created_at DESC, number DESC LIMIT ? OFFSET ?")) {
                        List<Object> all = new ArrayList<>(fromCandidates ? candidateArgs : args);
                        all.add(q.size());
                        all.add(q.offset());
                        bind(ps, all);
                        items.addAll(summaries(ps));
                    }
                }
            }
            return new TicketPage(items, total, exact);
        });
    }

    /**
     * The page and the total of a text search in one pass over the candidates, when the page would be read from the
     * candidates whatever the total: even the most matches the candidates can hold ({@link TicketPage#TEXT_COUNT_CAP}
     * or the postings, whichever is fewer) would leave the LIKE scan more rows to read than the candidates cost (the
     * test in {@link #search}). Reading every candidate for the page anyway, counting them in the same statement saves
     * the separate capped count (up to 1,001 more primary-key probes). Empty when that is not certain, or when the page
     * lies past the last match (then the total comes from the count as usual).
     */
    private static Optional<TicketPage> pageFromAllCandidates(Connection c, TicketQuery q, long selected,
            Rarest candidates, String narrowed, List<Object> candidateArgs) throws SQLException {
        double fewestScanRows = (double) selected * (q.offset() + q.size())
                / Math.max(1, Math.min(TicketPage.TEXT_COUNT_CAP, candidates.postings()));
        if (fewestScanRows <= SCAN_ROWS_PER_PROBE * candidates.postings()) {
            return Optional.empty();
        }
        List<TicketSummary> items = new ArrayList<>();
        long total = 0;
        try (PreparedStatement ps = searchStatement(c, "SELECT " + SUMMARY_COLUMNS + ", COUNT(*) OVER () FROM ticket"
                + narrowed + " ORDER BY created_at DESC, number DESC LIMIT ? OFFSET ?")) {
            List<Object> all = new ArrayList<>(candidateArgs);
            all.add(q.size());
            all.add(q.offset());
            bind(ps, all);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(summary(rs));
                    total = rs.getLong(SUMMARY_COUNT_COLUMN);
                }
            }
        }
        if (items.isEmpty()) {
            return Optional.empty();
        }
        boolean exact = total <= TicketPage.TEXT_COUNT_CAP;
        long shown = exact ? total : TicketPage.TEXT_COUNT_CAP;
        // as in search: pages end at the capped total
        return Optional.of(new TicketPage(shown > q.offset() ? items : List.of(), shown, exact));
    }

    /**
     * The index keys to probe for a text query: its sparse grams, digit windows, anchored grams and digit triples,
     * longest first (an anchored gram before the triple inside it), then its bigrams — each kind only once its
     * backfill is done (until then the LIKE scan stays exact). Empty for one-character queries.
     */
    private List<TextGrams.Gram> queryGrams(Connection c, String q) throws SQLException {
        List<TextGrams.Gram> out = new ArrayList<>();
        if (ready(c, SPARSE)) {
            out.addAll(TextGrams.querySparseGrams(q));
        }
        if (ready(c, DIGIT_WINDOWS)) {
            for (TextGrams.Gram g : TextGrams.queryDigitGrams(q)) {
                if (out.stream().noneMatch(o -> o.key().equals(g.key()))) {
                    out.add(g); // a sparse gram with the same key has the same postings
                }
            }
        }
        if (ready(c, ANCHORED)) {
            for (TextGrams.Gram g : TextGrams.queryAnchoredGrams(q)) {
                if (out.stream().noneMatch(o -> o.key().equals(g.key()))) {
                    out.add(g); // a sparse gram with the same key has the same postings (no digit window has it)
                }
            }
        }
        if (ready(c, DIGIT_TRIPLES)) {
            out.addAll(TextGrams.queryDigitTriples(q)); // three-character keys: no other kind has them
        }
        out.sort(Comparator.comparingInt((TextGrams.Gram g) -> g.text().codePointCount(0, g.text().length()))
                .reversed());
        if (ready(c, BIGRAMS)) {
            for (String g : TextGrams.grams(q)) {
                out.add(new TextGrams.Gram(g, g));
            }
        }
        return out;
    }

    /**
     * Whether the backfill of one kind of gram has finished (then it stays so; new tickets get every kind on insert).
     */
    private boolean ready(Connection c, int kind) throws SQLException {
        if (kind == BIGRAMS ? bigramsReady : kind == SPARSE ? sparseReady : kind == DIGIT_WINDOWS ? digitsReady
                : kind == DIGIT_TRIPLES ? triplesReady : anchoredReady) {
            return true;
        }
        boolean done;
        try (PreparedStatement ps = c.prepareStatement("SELECT done FROM ticket_gram_state WHERE id = ?")) {
            ps.setInt(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                done = rs.next() && rs.getBoolean(1);
            }
        }
        if (kind == BIGRAMS) {
            bigramsReady = done;
        } else if (kind == SPARSE) {
            sparseReady = done;
        } else if (kind == DIGIT_WINDOWS) {
            digitsReady = done;
        } else if (kind == DIGIT_TRIPLES) {
            triplesReady = done;
        } else {
            anchoredReady = done;
        }
        return done;
    }

    /**
     * The rarest gram of a query and its posting count ({@link #COMMON} if it reached its probe limit: {@link
     * #GRAM_PROBE}, for digit triples and anchored grams {@link #TRIPLE_PROBE_FACTOR} times that), and the second
     * rarest gram counted below its probe limit, if any ({@code null} otherwise).
     */
    private record Rarest(String gram, long postings, String second) {
    }

    /** A probed gram: its normalized text, its probe limit and whether its count reached that limit. */
    private record Probed(String text, int cap, boolean common) {
    }

    /**
     * The two rarest of (at most {@link #QUERY_GRAMS} of) {@code grams}, probed in order; a gram inside one already
     * probed is skipped (every ticket with the longer gram has it: it cannot be rarer) unless the longer one reached a
     * lower probe limit than this one has (a triple inside a common anchored or sparse gram may still be under its
     * own), each count stops at the second rarest so far (only a rarer gram matters), the probing at a gram without
     * postings or with at most {@link #GRAM_ENOUGH}.
     */
    private Rarest rarest(Connection c, List<TextGrams.Gram> grams) throws SQLException {
        Rarest best = null;
        Rarest second = null; // counted exactly, fewer postings than the probe limit
        List<Probed> probed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM ticket_gram WHERE gram = ? LIMIT ?) p")) {
            for (TextGrams.Gram g : grams) {
                if (probed.size() == QUERY_GRAMS) {
                    break;
                }
                // digit triples and anchored grams (and sparse grams of that shape, the same lists) may have a few
                // thousand postings
                int cap = TextGrams.tripleOrAnchored(g.text()) ? TRIPLE_PROBE_FACTOR * gramProbe : gramProbe;
                if (probed.stream().anyMatch(p -> p.text().contains(g.text()) && (!p.common() || p.cap() >= cap))) {
                    continue;
                }
                int limit = second != null ? (int) Math.min(second.postings(), cap) : cap;
                ps.setString(1, g.key());
                ps.setInt(2, limit);
                long n;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n = rs.getLong(1);
                }
                probed.add(new Probed(g.text(), cap, n >= cap));
                Rarest r = new Rarest(g.key(), n >= cap ? COMMON : n, null);
                if (best == null || r.postings() < best.postings()) {
                    second = best != null && best.postings() != COMMON ? best : null;
                    best = r;
                } else if (n < limit) {
                    second = r;
                }
                if (n <= gramEnough) {
                    break;
                }
            }
        }
        return new Rarest(best.gram(), best.postings(), second == null ? null : second.gram());
    }

    /**
     * Indexes, in one transaction, up to {@code batch} tickets (in number order) after the backfill cursor of
     * {@code ticket_gram_state}: first their bigrams (state row 1, V13), once those are done their sparse grams (row
     * 2, V14), then their digit windows (row 3, V16), then their digit triples (row 4, V17), then their anchored
     * grams (row 5, V18); marks a kind done when no ticket is left for it. Returns the tickets indexed (0: all done).
     * Safe to run from several instances at once (the state row is locked; grams already present are skipped).
     */
    public int indexTextBatch(int batch) {
        return tx.inTx(c -> {
            for (int kind : new int[] {BIGRAMS, SPARSE, DIGIT_WINDOWS, DIGIT_TRIPLES, ANCHORED}) {
                String last;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT last_number, done FROM ticket_gram_state WHERE id = ? FOR UPDATE")) {
                    ps.setInt(1, kind);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getBoolean(2)) {
                            continue;
                        }
                        last = rs.getString(1);
                    }
                }
                List<String[]> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT number, content, place FROM ticket WHERE number > ? ORDER BY number LIMIT ?")) {
                    ps.setString(1, last);
                    ps.setInt(2, batch);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                        }
                    }
                }
                if (rows.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE ticket_gram_state SET done = TRUE WHERE id = ?")) {
                        ps.setInt(1, kind);
                        ps.executeUpdate();
                    }
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ticket_gram (gram, number) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    for (String[] r : rows) {
                        for (String g : kind == BIGRAMS ? TextGrams.grams(r[1], r[2])
                                : kind == SPARSE ? TextGrams.sparseGrams(r[1], r[2])
                                : kind == DIGIT_WINDOWS ? TextGrams.digitGrams(r[1], r[2])
                                : kind == DIGIT_TRIPLES ? TextGrams.digitTriples(r[1], r[2])
                                : TextGrams.anchoredGrams(r[1], r[2])) {
                            ps.setString(1, g);
                            ps.setString(2, r[0]);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE ticket_gram_state SET last_number = ? WHERE id = ?")) {
                    ps.setString(1, rows.get(rows.size() - 1)[0]);
                    ps.setInt(2, kind);
                    ps.executeUpdate();
                }
                return rows.size();
            }
            return 0;
        });
    }

    /** Runs {@link #indexTextBatch} until every backfill is done; returns the tickets indexed (per kind of gram). */
    public long indexText() {
        long n = 0;
        for (int k = indexTextBatch(BACKFILL_BATCH); k > 0; k = indexTextBatch(BACKFILL_BATCH)) {
            n += k;
        }
        return n;
    }

    /**
     * Whether tickets opened before the gram index (V13), the sparse grams (V14), the digit windows (V16), the digit
     * triples (V17) or the anchored grams (V18) still wait for {@link #indexText}.
     */
    public boolean textIndexPending() {
        return !read(ds, c -> ready(c, BIGRAMS) && ready(c, SPARSE) && ready(c, DIGIT_WINDOWS) && ready(c, DIGIT_TRIPLES)
                && ready(c, ANCHORED));
    }

    /**
     * A statement of {@link #search}, planned for its own parameters on every execution. The driver turns a statement
     * used five times into a named server-side one, and PostgreSQL then switches to a generic plan that cannot see the
     * parameters: for {@code department = $1 AND (content LIKE $2 ...) LIMIT $4} that is a sequential scan of the
     * table until enough rows match (49-57 ms on 1,000,000 tickets where the plan for the actual values takes 21 ms),
     * and the selectivity of a filter value or a LIKE pattern varies by orders of magnitude. Planning costs well under
     * a millisecond. H2 has no such switch.
     */
    private static PreparedStatement searchStatement(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        if (ps.isWrapperFor(PGStatement.class)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0); // unnamed statements: a custom plan each time
        }
        return ps;
    }

    /** The tickets the filters of {@code q} select, from the {@code ticket_count} cells. */
    private static long cells(Connection c, TicketQuery q) throws SQLException {
        if (q.type().isPresent()) { // the cells do not keep the request type: count the tickets (indexed by type)
            List<Object> args = cellArgs(q);
            args.add(q.type().get());
            return count(c, "SELECT COUNT(*) FROM ticket" + cellWhere(q) + " AND request_type = ?", args);
        }
        return count(c, "SELECT COALESCE(SUM(n), 0) FROM ticket_count" + cellWhere(q), cellArgs(q));
    }

    private static long count(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = searchStatement(c, sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String cellWhere(TicketQuery q) {
        StringBuilder w = new StringBuilder(" WHERE 1=1");
        q.status().ifPresent(x -> w.append(" AND status = ?"));
        q.department().ifPresent(x -> w.append(" AND department = ?"));
        q.community().ifPresent(x -> w.append(" AND community = ?"));
        q.category().ifPresent(x -> w.append(" AND category = ?"));
        q.overdue().ifPresent(x -> w.append(" AND overdue = ?"));
        return w.toString();
    }

    private static List<Object> cellArgs(TicketQuery q) {
        List<Object> a = new ArrayList<>();
        q.status().ifPresent(x -> a.add(x.name()));
        q.department().ifPresent(a::add);
        q.community().ifPresent(a::add);
        q.category().ifPresent(a::add);
        q.overdue().ifPresent(a::add);
        return a;
    }

}
