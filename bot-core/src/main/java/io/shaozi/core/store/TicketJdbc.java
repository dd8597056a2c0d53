package io.shaozi.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.shaozi.core.http.Json;
import io.shaozi.core.identity.Role;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.EventType;
import io.shaozi.core.ticket.MetricsFacts;
import io.shaozi.core.ticket.Outbox;
import io.shaozi.core.ticket.Rating;
import io.shaozi.core.ticket.Reporter;
import io.shaozi.core.ticket.ReturnRecord;
import io.shaozi.core.ticket.Summons;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.core.ticket.TicketEvent;
import io.shaozi.core.ticket.TicketPage;
import io.shaozi.core.ticket.TicketQuery;
import io.shaozi.core.ticket.TicketRepository;
import io.shaozi.core.ticket.TicketStatus;
import io.shaozi.core.ticket.TicketSummary;
import io.shaozi.core.ticket.Urgency;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * JDBC {@link TicketRepository} for H2 and PostgreSQL: events in {@code ticket_event} (replayed on read), the
 * projection in {@code ticket}, {@code ticket_party}, {@code ticket_return}, {@code ticket_summons}; ticket numbers
 * from {@code ticket_day_seq}; outbox rows through {@link OutboxJdbc} in the same transaction; the character
 * bigrams, sparse grams, digit windows, digit triples and anchored grams ({@link TextGrams}) of request text and
 * address in {@code ticket_gram} (written at opening, backfilled by {@link #indexText} for older tickets) narrow
 * free-text search.
 */
public final class TicketJdbc implements TicketRepository {
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String SUMMARY_COLUMNS = "number, status, category, department, community, urgency, created_at, "
            + "due_at, overdue, content";

    /** The column after {@link #SUMMARY_COLUMNS}: {@code COUNT(*) OVER ()} in {@link #pageFromAllCandidates}. */
    private static final int SUMMARY_COUNT_COLUMN = SUMMARY_COLUMNS.split(",").length + 1;

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
    private final int gramProbe;
    /** {@link #GRAM_ENOUGH}, scaled down with a smaller probe limit (tests). */
    private final int gramEnough;
    /** Set once {@code ticket_gram_state} says the backfill of that kind of gram is done. */
    private volatile boolean bigramsReady;
    private volatile boolean sparseReady;
    private volatile boolean digitsReady;
    private volatile boolean triplesReady;
    private volatile boolean anchoredReady;
    private final io.shaozi.core.store.Tx tx;
    private final Clock clock;

    public TicketJdbc(Database db, Clock clock) {
        this(db.dataSource(), clock);
    }

    public TicketJdbc(DataSource ds, Clock clock) {
        this(ds, clock, GRAM_PROBE);
    }

    /** With another {@link #GRAM_PROBE}: tests make small corpora take the paths meant for common grams. */
    TicketJdbc(DataSource ds, Clock clock, int gramProbe) {
        this.ds = ds;
        this.tx = new io.shaozi.core.store.Tx(ds);
        this.clock = clock;
        this.gramProbe = gramProbe;
        this.gramEnough = Math.min(GRAM_ENOUGH, gramProbe / 64);
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        return tx.inTx(c -> {
            JdbcTx t = new JdbcTx(c);
            T result = work.run(t);
            t.flushCounts();
            return result;
        });
    }

    @Override
    public Optional<Ticket> find(String number) {
        List<TicketEvent> events = events(number);
        return events.isEmpty() ? Optional.empty() : Optional.of(Ticket.replay(events));
    }

    @Override
    public List<TicketEvent> events(String number) {
        return read(c -> readEvents(c, number));
    }

    @Override
    public TicketPage search(TicketQuery q) {
        return read(c -> {
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
        return !read(c -> ready(c, BIGRAMS) && ready(c, SPARSE) && ready(c, DIGIT_WINDOWS) && ready(c, DIGIT_TRIPLES)
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

    @Override
    public List<TicketSummary> byReporter(String reporterKey, int limit) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + prefixed("t.") + " FROM ticket t JOIN ticket_party p"
                    + " ON p.ticket = t.number WHERE p.reporter_key = ? ORDER BY t.created_at DESC, t.number DESC LIMIT ?")) {
                ps.setString(1, reporterKey);
                ps.setInt(2, limit);
                return summaries(ps);
            }
        });
    }

    @Override
    public List<io.shaozi.core.ticket.RecentTicket> openedSince(Instant from, int limit) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT number, status, content, place, created_at FROM ticket"
                    + " WHERE created_at >= ? ORDER BY created_at, number LIMIT ?")) { // ix_ticket_created
                ps.setObject(1, ts(from));
                ps.setInt(2, limit);
                List<io.shaozi.core.ticket.RecentTicket> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new io.shaozi.core.ticket.RecentTicket(rs.getString(1),
                                TicketStatus.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                                instant(rs, 5).orElseThrow()));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<String> dueForCheck(Instant now, int limit) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT number FROM ticket WHERE next_check_at <= ? ORDER BY next_check_at, number LIMIT ?")) {
                ps.setObject(1, ts(now));
                ps.setInt(2, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public MetricsFacts facts(Instant from, Instant to) {
        return read(c -> {
            List<MetricsFacts.TicketFact> tickets = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT number, category, department, community, status, created_at,"
                    + " dispatched_at, accepted_at, sign_due, breaches, rating, responded FROM ticket WHERE created_at >= ? AND created_at < ?")) {
                ps.setObject(1, ts(from));
                ps.setObject(2, ts(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tickets.add(new MetricsFacts.TicketFact(rs.getString(1), rs.getString(2), opt(rs.getString(3)),
                                opt(rs.getString(4)), TicketStatus.valueOf(rs.getString(5)), instant(rs, 6).orElseThrow(),
                                instant(rs, 7), instant(rs, 8), instant(rs, 9), rs.getInt(10),
                                opt(rs.getString(11)).map(Rating::valueOf), bool(rs, 12)));
                    }
                }
            }
            List<MetricsFacts.ReturnFact> returns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.ticket, r.department, r.reason, r.returned_at, r.wrongful,"
                    + " r.lost_minutes FROM ticket_return r JOIN ticket t ON t.number = r.ticket"
                    + " WHERE t.created_at >= ? AND t.created_at < ?")) {
                ps.setObject(1, ts(from));
                ps.setObject(2, ts(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        returns.add(new MetricsFacts.ReturnFact(rs.getString(1), rs.getString(2), rs.getString(3),
                                instant(rs, 4).orElseThrow(), rs.getBoolean(5), rs.getLong(6)));
                    }
                }
            }
            List<MetricsFacts.SummonsFact> summons = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.ticket, s.department, s.due_at, s.reported_at, s.missed"
                    + " FROM ticket_summons s JOIN ticket t ON t.number = s.ticket WHERE t.created_at >= ? AND t.created_at < ?")) {
                ps.setObject(1, ts(from));
                ps.setObject(2, ts(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        summons.add(new MetricsFacts.SummonsFact(rs.getString(1), rs.getString(2), instant(rs, 3).orElseThrow(),
                                instant(rs, 4), rs.getBoolean(5)));
                    }
                }
            }
            return new MetricsFacts(tickets, returns, summons);
        });
    }

    // ------------------------------------------------------------------ transaction

    private final class JdbcTx implements TicketRepository.Tx {
        private final Connection c;
        /**
         * The transaction's {@code ticket_count} changes by cell key, written last (just before the commit): every
         * opening bumps the same few cells, whose row locks are then held only for the commit, not for the whole
         * transaction.
         */
        private final java.util.TreeMap<String, Object[]> counts = new java.util.TreeMap<>();

        JdbcTx(Connection c) {
            this.c = c;
        }

        @Override
        public Optional<Ticket> find(String number) {
            try {
                List<TicketEvent> events = readEvents(c, number);
                return events.isEmpty() ? Optional.empty() : Optional.of(Ticket.replay(events));
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }

        @Override
        public Optional<Ticket> lock(String number) {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM ticket WHERE number = ? FOR UPDATE")) {
                ps.setString(1, number);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
            return find(number);
        }

        @Override
        public void insert(Ticket t, List<TicketEvent> events) {
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket (number, version, status, category,"
                        + " subcategory, urgency, department, community, reporter_key, phone, place, content, created_at,"
                        + " updated_at, dispatched_at, accepted_at, contacted_at, resolved_at, closed_at, sign_due, contact_due,"
                        + " resolve_due, due_at, provisional, overdue, breaches, escalation, bounces, rating, master, next_check_at,"
                        + " responded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, t.number());
                    ps.setInt(2, t.version());
                    ps.setString(3, t.status().name());
                    ps.setString(4, t.category());
                    ps.setString(5, t.subcategory().orElse(null));
                    ps.setString(6, t.urgency().name());
                    ps.setString(7, t.department().orElse(null));
                    ps.setString(8, t.community().orElse(null));
                    ps.setString(9, t.reporter().key());
                    ps.setString(10, t.reporter().phone());
                    ps.setString(11, t.place());
                    ps.setString(12, t.text());
                    ps.setObject(13, ts(t.createdAt()));
                    setProjection(ps, 14, t);
                    ps.executeUpdate();
                }
                // request text and address are fixed at opening (update() never rewrites them): index them once
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_gram (gram, number) VALUES (?, ?)")) {
                    for (String g : TextGrams.allGrams(t.text(), t.place())) { // a key of two kinds once
                        ps.setString(1, g);
                        ps.setString(2, t.number());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                adjust(List.of(new Cell(t)), List.of());
                appendEvents(events);
                writeChildren(t);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }

        @Override
        public boolean update(Ticket t, int expectedVersion, List<TicketEvent> events) {
            try {
                Cell before;
                try (PreparedStatement ps = c.prepareStatement("SELECT version, status, department, community, category,"
                        + " overdue FROM ticket WHERE number = ? FOR UPDATE")) {
                    ps.setString(1, t.number());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) != expectedVersion) {
                            return false;
                        }
                        before = new Cell(rs.getString(2), nz(rs.getString(3)), nz(rs.getString(4)), rs.getString(5),
                                rs.getBoolean(6));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE ticket SET updated_at = ?, dispatched_at = ?,"
                        + " accepted_at = ?, contacted_at = ?, resolved_at = ?, closed_at = ?, sign_due = ?, contact_due = ?,"
                        + " resolve_due = ?, due_at = ?, provisional = ?, overdue = ?, breaches = ?, escalation = ?, bounces = ?,"
                        + " rating = ?, master = ?, next_check_at = ?, responded = ?, version = ?, status = ?, department = ?,"
                        + " community = ?"
                        + " WHERE number = ? AND version = ?")) {
                    int i = setProjection(ps, 1, t);
                    ps.setInt(i++, t.version());
                    ps.setString(i++, t.status().name());
                    ps.setString(i++, t.department().orElse(null));
                    ps.setString(i++, t.community().orElse(null));
                    ps.setString(i++, t.number());
                    ps.setInt(i, expectedVersion);
                    if (ps.executeUpdate() != 1) {
                        return false;
                    }
                }
                Cell after = new Cell(t);
                if (!after.equals(before)) {
                    adjust(List.of(after), List.of(before));
                }
                appendEvents(events);
                writeChildren(t);
                return true;
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }

        /** Sets updated_at … responded (19 columns) from {@code i}; returns the next index. */
        private int setProjection(PreparedStatement ps, int i, Ticket t) throws SQLException {
            ps.setObject(i++, ts(t.updatedAt()));
            ps.setObject(i++, ts(t.dispatchedAt()));
            ps.setObject(i++, ts(t.acceptedAt()));
            ps.setObject(i++, ts(t.contactedAt()));
            ps.setObject(i++, ts(t.resolvedAt()));
            ps.setObject(i++, ts(t.closedAt()));
            ps.setObject(i++, ts(t.signDue()));
            ps.setObject(i++, ts(t.contactDue()));
            ps.setObject(i++, ts(t.resolveDue()));
            ps.setObject(i++, ts(t.dueAt()));
            ps.setBoolean(i++, t.provisional());
            ps.setBoolean(i++, t.overdue());
            ps.setInt(i++, t.breaches());
            ps.setInt(i++, t.escalation());
            ps.setInt(i++, t.bounces());
            ps.setString(i++, t.rating().map(Rating::name).orElse(null));
            ps.setString(i++, t.master().orElse(null));
            ps.setObject(i++, ts(t.nextCheckAt()));
            ps.setObject(i++, t.responded().orElse(null), java.sql.Types.BOOLEAN);
            return i;
        }

        private void appendEvents(List<TicketEvent> events) throws SQLException {
            if (events.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_event (ticket, seq, type, actor_id, actor_name,"
                    + " actor_role, actor_department, actor_community, occurred_at, from_status, to_status, note, attachments,"
                    + " data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (TicketEvent e : events) {
                    ps.setString(1, e.ticket());
                    ps.setInt(2, e.seq());
                    ps.setString(3, e.type().name());
                    ps.setString(4, e.actor().id());
                    ps.setString(5, e.actor().name());
                    ps.setString(6, e.actor().role().name());
                    ps.setString(7, e.actor().department().orElse(null));
                    ps.setString(8, e.actor().community().orElse(null));
                    ps.setObject(9, ts(e.at()));
                    ps.setString(10, e.from().map(TicketStatus::name).orElse(null));
                    ps.setString(11, e.to().name());
                    ps.setString(12, e.note());
                    ps.setString(13, Json.text(e.attachments()));
                    ps.setString(14, Json.text(e.data()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        private void writeChildren(Ticket t) throws SQLException {
            for (Reporter r : t.audience()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM ticket_party WHERE ticket = ? AND reporter_key = ?")) {
                    ps.setString(1, t.number());
                    ps.setString(2, r.key());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_party (ticket, reporter_key) VALUES (?, ?)")) {
                    ps.setString(1, t.number());
                    ps.setString(2, r.key());
                    ps.executeUpdate();
                }
            }
            if (!t.returns().isEmpty()) {
                delete("ticket_return", t.number());
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_return (ticket, seq, department, reason,"
                        + " returned_at, wrongful, lost_minutes) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (ReturnRecord r : t.returns()) {
                        ps.setString(1, t.number());
                        ps.setInt(2, r.seq());
                        ps.setString(3, r.department());
                        ps.setString(4, r.reason().code());
                        ps.setObject(5, ts(r.at()));
                        ps.setBoolean(6, r.wrongful());
                        ps.setLong(7, r.lostMinutes());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (!t.summons().isEmpty()) {
                delete("ticket_summons", t.number());
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_summons (ticket, department, summoned_at,"
                        + " due_at, reported_at, reported_by, location, photo, missed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (Summons s : t.summons()) {
                        ps.setString(1, t.number());
                        ps.setString(2, s.department());
                        ps.setObject(3, ts(s.summonedAt()));
                        ps.setObject(4, ts(s.dueAt()));
                        ps.setObject(5, ts(s.reportedAt()));
                        ps.setString(6, s.reportedBy().orElse(null));
                        ps.setString(7, s.location().orElse(null));
                        ps.setString(8, s.photo().orElse(null));
                        ps.setBoolean(9, s.missed());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }

        /** +1 for each cell in {@code plus}, −1 for each in {@code minus}, written by {@link #flushCounts()}. */
        private void adjust(List<Cell> plus, List<Cell> minus) {
            plus.forEach(x -> add(x, 1));
            minus.forEach(x -> add(x, -1));
        }

        private void add(Cell cell, int d) {
            counts.merge(cell.key(), new Object[] {cell, d},
                    (a, b) -> new Object[] {a[0], (Integer) a[1] + (Integer) b[1]});
        }

        /** Writes the pending count changes in key order (no deadlocks between writers). */
        void flushCounts() throws SQLException {
            for (Object[] op : counts.values()) {
                if ((Integer) op[1] == 0) {
                    continue;
                }
                Cell cell = (Cell) op[0];
                int d = (Integer) op[1];
                int shard = java.util.concurrent.ThreadLocalRandom.current().nextInt(COUNT_SHARDS);
                if (bump(cell, shard, d) == 0) {
                    java.sql.Savepoint sp = c.setSavepoint();
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_count (status, department, community,"
                            + " category, overdue, shard, n) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, cell.status());
                        ps.setString(2, cell.department());
                        ps.setString(3, cell.community());
                        ps.setString(4, cell.category());
                        ps.setBoolean(5, cell.overdue());
                        ps.setInt(6, shard);
                        ps.setLong(7, d);
                        ps.executeUpdate();
                        c.releaseSavepoint(sp);
                    } catch (SQLException e) {
                        if (!"23505".equals(e.getSQLState())) {
                            throw e;
                        }
                        c.rollback(sp); // another writer created the cell first
                        bump(cell, shard, d);
                    }
                }
            }
        }

        private int bump(Cell cell, int shard, int d) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ticket_count SET n = n + ? WHERE status = ? AND department = ?"
                    + " AND community = ? AND category = ? AND overdue = ? AND shard = ?")) {
                ps.setLong(1, d);
                ps.setString(2, cell.status());
                ps.setString(3, cell.department());
                ps.setString(4, cell.community());
                ps.setString(5, cell.category());
                ps.setBoolean(6, cell.overdue());
                ps.setInt(7, shard);
                return ps.executeUpdate();
            }
        }

        private void delete(String table, String number) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE ticket = ?")) {
                ps.setString(1, number);
                ps.executeUpdate();
            }
        }

        @Override
        public Optional<String> numberForKey(String dedupeKey) {
            try (PreparedStatement ps = c.prepareStatement("SELECT number FROM ticket_open_key WHERE dedupe_key = ?")) {
                ps.setString(1, dedupeKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }

        @Override
        public void rememberKey(String dedupeKey, String number) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_open_key (dedupe_key, number) VALUES (?, ?)")) {
                ps.setString(1, dedupeKey);
                ps.setString(2, number);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }

        @Override
        public Outbox outbox() {
            return m -> {
                try {
                    return OutboxJdbc.enqueue(c, m, clock.instant());
                } catch (SQLException e) {
                    throw new StoreException(e);
                }
            };
        }
    }

    /**
     * Rows per {@code ticket_count} cell (V20): a writer adds its change to one picked at random, so concurrent
     * openings in the same cell rarely wait for each other's commit; a shard may go below zero, the sum never does.
     */
    private static final int COUNT_SHARDS = 16;

    /** A {@code ticket_count} cell ('' for none). */
    private record Cell(String status, String department, String community, String category, boolean overdue) {
        Cell(Ticket t) {
            this(t.status().name(), t.department().orElse(""), t.community().orElse(""), t.category(), t.overdue());
        }

        String key() {
            return status + '\u0001' + department + '\u0001' + community + '\u0001' + category + '\u0001' + overdue;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ------------------------------------------------------------------ numbers

    /**
     * yyyyMMdd + the day's sequence (zero-padded to 4 digits, longer past 9999). Allocated in its own short
     * transaction, so a rolled-back open leaves a gap but never a duplicate, and concurrent opens do not wait for
     * each other's commit.
     */
    @Override
    public String nextNumber(LocalDate day) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Integer> n = tx.inTx(c -> {
                if (c.isWrapperFor(org.postgresql.PGConnection.class)) {
                    // The day's row is locked until this commit returns; waiting for its WAL flush would make
                    // every opening queue behind the previous one's disk write. Not waiting is safe: a ticket
                    // holding this number commits later with a synchronous commit, which flushes the WAL up to
                    // and including this increment; an increment lost in a crash gave its number to no ticket.
                    try (Statement st = c.createStatement()) {
                        st.execute("SET LOCAL synchronous_commit = off");
                    }
                    // one round trip under the row lock before the commit, not two
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE ticket_day_seq SET last_value = last_value + 1 WHERE seq_day = ? RETURNING last_value")) {
                        ps.setObject(1, day);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? Optional.of(rs.getInt(1)) : Optional.<Integer>empty();
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE ticket_day_seq SET last_value = last_value + 1 WHERE seq_day = ?")) {
                    ps.setObject(1, day);
                    if (ps.executeUpdate() == 0) {
                        return Optional.<Integer>empty();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT last_value FROM ticket_day_seq WHERE seq_day = ?")) {
                    ps.setObject(1, day);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return Optional.of(rs.getInt(1));
                    }
                }
            });
            if (n.isPresent()) {
                return DAY.format(day) + String.format("%04d", n.get());
            }
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_day_seq (seq_day, last_value) VALUES (?, 0)")) {
                c.setAutoCommit(true);
                ps.setObject(1, day);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw new StoreException(e);
                }
            }
        }
        throw new IllegalStateException("could not allocate a ticket number for " + day);
    }

    // ------------------------------------------------------------------ helpers

    private <T> T read(io.shaozi.core.store.Tx.Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    static List<TicketEvent> readEvents(Connection c, String number) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ticket, seq, type, actor_id, actor_name, actor_role,"
                + " actor_department, actor_community, occurred_at, from_status, to_status, note, attachments, data"
                + " FROM ticket_event WHERE ticket = ? ORDER BY seq")) {
            ps.setString(1, number);
            List<TicketEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Actor actor = new Actor(rs.getString(4), rs.getString(5), Role.valueOf(rs.getString(6)),
                            opt(rs.getString(7)), opt(rs.getString(8)));
                    out.add(new TicketEvent(rs.getString(1), rs.getInt(2), EventType.valueOf(rs.getString(3)), actor,
                            instant(rs, 9).orElseThrow(), opt(rs.getString(10)).map(TicketStatus::valueOf),
                            TicketStatus.valueOf(rs.getString(11)), rs.getString(12), parse(rs.getString(13), LIST),
                            parse(rs.getString(14), MAP)));
                }
            }
            return out;
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt ticket event JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String prefixed(String p) {
        return p + SUMMARY_COLUMNS.replace(", ", ", " + p);
    }

    private static List<TicketSummary> summaries(PreparedStatement ps) throws SQLException {
        List<TicketSummary> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(summary(rs));
            }
        }
        return out;
    }

    private static TicketSummary summary(ResultSet rs) throws SQLException {
        return new TicketSummary(rs.getString(1), TicketStatus.valueOf(rs.getString(2)), rs.getString(3), opt(rs.getString(4)),
                opt(rs.getString(5)), Urgency.valueOf(rs.getString(6)), instant(rs, 7).orElseThrow(), instant(rs, 8),
                rs.getBoolean(9), rs.getString(10));
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    static Optional<String> opt(String s) {
        return Optional.ofNullable(s);
    }

    static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static OffsetDateTime ts(Optional<Instant> i) {
        return i.map(TicketJdbc::ts).orElse(null);
    }

    static Optional<Boolean> bool(ResultSet rs, int col) throws SQLException {
        boolean b = rs.getBoolean(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(b);
    }

    static Optional<Instant> instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
