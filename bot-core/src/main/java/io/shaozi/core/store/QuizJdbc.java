package io.shaozi.core.store;

import io.shaozi.core.quiz.Activity;
import io.shaozi.core.quiz.Attempt;
import io.shaozi.core.quiz.AttemptItem;
import io.shaozi.core.quiz.Outcome;
import io.shaozi.core.quiz.PointsEntry;
import io.shaozi.core.quiz.QuizStore;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Quiz attempts, shown questions, the points ledger and 每日一题 opt-ins (V31). Each call is one statement or one
 * short transaction; uniqueness (attempt dedupe key, attempt+seq of items and of ledger rows) is kept by the
 * database, so a repeated delivery or a second instance never adds a row twice (SQLSTATE 23505 is "already there").
 */
public final class QuizJdbc implements QuizStore {
    private static final String ATTEMPT = "id, member_id, activity, on_day, planned, status, started_at, expires_at,"
            + " dedupe, flag";
    private static final String ITEM = "attempt_id, seq, member_id, question_id, category, perm, shown_at, answer,"
            + " outcome, flagged, answered_at";
    private final DataSource ds;

    public QuizJdbc(DataSource ds) {
        this.ds = ds;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder b, Row<T> row) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs an update; -1 when it broke a unique constraint. */
    private int update(String sql, Binder b) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return -1;
            }
            throw new StoreException(e);
        }
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    private static Date date(LocalDate d) {
        return Date.valueOf(d);
    }

    private static String code(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Attempt attempt(ResultSet rs) throws SQLException {
        return new Attempt(rs.getLong("id"), rs.getString("member_id"),
                Activity.parse(rs.getString("activity")).orElseThrow(), rs.getDate("on_day").toLocalDate(),
                rs.getInt("planned"), Attempt.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                Optional.ofNullable(rs.getString("dedupe")), Optional.ofNullable(rs.getString("flag")));
    }

    private static AttemptItem item(ResultSet rs) throws SQLException {
        Timestamp answered = rs.getTimestamp("answered_at");
        return new AttemptItem(rs.getLong("attempt_id"), rs.getInt("seq"), rs.getString("member_id"),
                rs.getString("question_id"), rs.getString("category"), rs.getString("perm"),
                rs.getTimestamp("shown_at").toInstant(), Optional.ofNullable(rs.getString("answer")),
                Optional.ofNullable(rs.getString("outcome")).flatMap(Outcome::parse), rs.getBoolean("flagged"),
                Optional.ofNullable(answered).map(Timestamp::toInstant));
    }

    @Override
    public Optional<Attempt> create(String member, Activity activity, LocalDate day, int planned, Instant at,
                                    Instant expiresAt, Optional<String> dedupe) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO quiz_attempt (member_id, activity, on_day, planned,"
                     + " status, started_at, expires_at, dedupe) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, member);
            ps.setString(2, activity.code());
            ps.setDate(3, date(day));
            ps.setInt(4, planned);
            ps.setTimestamp(5, ts(at));
            ps.setTimestamp(6, ts(expiresAt));
            ps.setString(7, dedupe.orElse(null));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                long id = rs.getLong(1);
                return attempt(id);
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw new StoreException(e);
        }
    }

    @Override
    public Optional<Attempt> attempt(long id) {
        return query("SELECT " + ATTEMPT + " FROM quiz_attempt WHERE id = ?", ps -> ps.setLong(1, id),
                QuizJdbc::attempt).stream().findFirst();
    }

    @Override
    public Optional<Attempt> attemptByDedupe(String dedupe) {
        return query("SELECT " + ATTEMPT + " FROM quiz_attempt WHERE dedupe = ?", ps -> ps.setString(1, dedupe),
                QuizJdbc::attempt).stream().findFirst();
    }

    @Override
    public List<Attempt> open(String member) {
        return query("SELECT " + ATTEMPT + " FROM quiz_attempt WHERE member_id = ? AND status = 'open' ORDER BY id DESC",
                ps -> ps.setString(1, member), QuizJdbc::attempt);
    }

    @Override
    public int expire(String member, Instant now) {
        return update("UPDATE quiz_attempt SET status = 'expired', finished_at = ? WHERE member_id = ?"
                + " AND status = 'open' AND expires_at <= ?", ps -> {
                    ps.setTimestamp(1, ts(now));
                    ps.setString(2, member);
                    ps.setTimestamp(3, ts(now));
                });
    }

    @Override
    public void show(AttemptItem i, Instant expiresAt) {
        update("INSERT INTO quiz_attempt_item (attempt_id, seq, member_id, question_id, category, perm, shown_at,"
                + " flagged) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)", ps -> {
                    ps.setLong(1, i.attempt());
                    ps.setInt(2, i.seq());
                    ps.setString(3, i.member());
                    ps.setString(4, i.questionId());
                    ps.setString(5, i.category());
                    ps.setString(6, i.perm());
                    ps.setTimestamp(7, ts(i.shownAt()));
                });
        update("UPDATE quiz_attempt SET expires_at = ? WHERE id = ? AND status = 'open'", ps -> {
            ps.setTimestamp(1, ts(expiresAt));
            ps.setLong(2, i.attempt());
        });
    }

    @Override
    public List<AttemptItem> items(long attempt) {
        return query("SELECT " + ITEM + " FROM quiz_attempt_item WHERE attempt_id = ? ORDER BY seq",
                ps -> ps.setLong(1, attempt), QuizJdbc::item);
    }

    @Override
    public Optional<AttemptItem> current(String member) {
        return query("SELECT i.attempt_id, i.seq, i.member_id, i.question_id, i.category, i.perm, i.shown_at, i.answer,"
                + " i.outcome, i.flagged, i.answered_at FROM quiz_attempt_item i JOIN quiz_attempt a"
                + " ON a.id = i.attempt_id WHERE a.member_id = ? AND a.status = 'open' AND i.outcome IS NULL"
                + " ORDER BY i.shown_at DESC, i.attempt_id DESC LIMIT 1", ps -> ps.setString(1, member),
                QuizJdbc::item).stream().findFirst();
    }

    @Override
    public boolean answer(long attempt, int seq, String letters, Outcome outcome, boolean flagged, Instant at) {
        return update("UPDATE quiz_attempt_item SET answer = ?, outcome = ?, flagged = ?, answered_at = ?"
                + " WHERE attempt_id = ? AND seq = ? AND outcome IS NULL", ps -> {
                    ps.setString(1, letters);
                    ps.setString(2, outcome.code());
                    ps.setBoolean(3, flagged);
                    ps.setTimestamp(4, ts(at));
                    ps.setLong(5, attempt);
                    ps.setInt(6, seq);
                }) == 1;
    }

    @Override
    public void finish(long attempt, Instant at) {
        end(attempt, at, "done", "status = 'open'");
    }

    /** Ends attempt {@code attempt} at {@code at} with {@code status}, if its row matches {@code when}. */
    private void end(long attempt, Instant at, String status, String when) {
        update("UPDATE quiz_attempt SET status = '" + status + "', finished_at = ? WHERE id = ? AND " + when, ps -> {
            ps.setTimestamp(1, ts(at));
            ps.setLong(2, attempt);
        });
    }

    @Override
    public void settle(long attempt, Instant at) {
        end(attempt, at, "done", "status <> 'done'");
    }

    @Override
    public Set<String> settled(java.util.Collection<String> dedupes) {
        return new HashSet<>(byDedupes("SELECT dedupe FROM quiz_attempt WHERE status = 'done' AND dedupe IN (", ")",
                new ArrayList<>(new java.util.LinkedHashSet<>(dedupes)), rs -> rs.getString(1)));
    }

    @Override
    public List<TopicResult> topicResults(String code, java.util.Collection<String> members) {
        // by the exact dedupe keys (the unique index)
        List<String> keys = new java.util.TreeSet<>(members).stream().map(m -> "topic:" + code + ":" + m).toList();
        return byDedupes("SELECT a.member_id, a.status, a.flag, COUNT(i.outcome),"
                + " COALESCE(SUM(CASE WHEN i.outcome = 'correct' THEN 1 ELSE 0 END), 0), a.finished_at FROM quiz_attempt a"
                + " LEFT JOIN quiz_attempt_item i ON i.attempt_id = a.id WHERE a.activity = 'topic' AND a.dedupe IN (",
                ") GROUP BY a.id, a.member_id, a.status, a.flag, a.finished_at ORDER BY a.member_id", keys,
                rs -> new TopicResult(rs.getString(1),
                        Attempt.Status.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)), rs.getString(3) != null,
                        rs.getInt(4), rs.getInt(5),
                        java.util.Optional.ofNullable(rs.getTimestamp(6)).map(java.sql.Timestamp::toInstant)));
    }

    /**
     * {@code head + "?, ?, …" + tail} run over {@code dedupes} 500 at a time (one placeholder each), the rows of every
     * run in order.
     */
    private <T> List<T> byDedupes(String head, String tail, List<String> dedupes, Row<T> row) {
        List<T> out = new ArrayList<>();
        for (int from = 0; from < dedupes.size(); from += 500) {
            List<String> part = dedupes.subList(from, Math.min(dedupes.size(), from + 500));
            out.addAll(query(head + String.join(", ", java.util.Collections.nCopies(part.size(), "?")) + tail, ps -> {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, part.get(i));
                }
            }, row));
        }
        return out;
    }

    @Override
    public void abandon(long attempt, Instant at) {
        end(attempt, at, "expired", "status = 'open'");
    }

    @Override
    public Optional<Attempt> lastExpired(String member, Instant since) {
        return query("SELECT " + ATTEMPT + " FROM quiz_attempt WHERE member_id = ? AND status = 'expired'"
                + " AND activity IN ('daily', 'challenge', 'topic') AND finished_at >= ? ORDER BY finished_at DESC, id DESC"
                + " LIMIT 1", ps -> {
                    ps.setString(1, member);
                    ps.setTimestamp(2, ts(since));
                }, QuizJdbc::attempt).stream().findFirst();
    }

    @Override
    public Set<String> asked(String member) {
        return new HashSet<>(query("SELECT DISTINCT question_id FROM quiz_attempt_item WHERE member_id = ?",
                ps -> ps.setString(1, member), rs -> rs.getString(1)));
    }

    @Override
    public Map<String, Integer> wrongByCategory(String member) {
        Map<String, Integer> out = new HashMap<>();
        query("SELECT category, COUNT(*) FROM quiz_attempt_item WHERE member_id = ? AND outcome IN ('wrong', 'timeout')"
                + " GROUP BY category", ps -> ps.setString(1, member),
                rs -> out.put(rs.getString(1), rs.getInt(2)));
        return out;
    }

    @Override
    public boolean award(PointsEntry e) {
        return update("INSERT INTO quiz_points (attempt_id, seq, member_id, activity, reason, question_id, points,"
                + " on_day, awarded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setLong(1, e.attempt());
                    ps.setInt(2, e.seq());
                    ps.setString(3, e.member());
                    ps.setString(4, e.activity().code());
                    ps.setString(5, e.reason());
                    ps.setString(6, e.questionId().orElse(null));
                    ps.setInt(7, e.points());
                    ps.setDate(8, date(e.day()));
                    ps.setTimestamp(9, ts(e.at()));
                }) == 1;
    }

    @Override
    public int pointsOfAttempt(long attempt) {
        return query("SELECT COALESCE(SUM(points), 0) FROM quiz_points WHERE attempt_id = ?",
                ps -> ps.setLong(1, attempt), rs -> rs.getInt(1)).get(0);
    }

    @Override
    public int points(String member, Optional<Activity> activity, LocalDate from, LocalDate to) {
        return query("SELECT COALESCE(SUM(points), 0) FROM quiz_points WHERE member_id = ? AND on_day >= ?"
                + " AND on_day <= ?" + (activity.isPresent() ? " AND activity = ?" : ""), ps -> {
                    ps.setString(1, member);
                    ps.setDate(2, date(from));
                    ps.setDate(3, date(to));
                    if (activity.isPresent()) {
                        ps.setString(4, activity.get().code());
                    }
                }, rs -> rs.getInt(1)).get(0);
    }

    @Override
    public Map<String, Integer> pointsByMember(LocalDate from, LocalDate to) {
        Map<String, Integer> out = new HashMap<>();
        query("SELECT member_id, SUM(points) FROM quiz_points WHERE on_day >= ? AND on_day <= ? GROUP BY member_id",
                ps -> {
                    ps.setDate(1, date(from));
                    ps.setDate(2, date(to));
                }, rs -> out.put(rs.getString(1), rs.getInt(2)));
        return out;
    }

    @Override
    public Set<LocalDate> dailyDone(String member, LocalDate since) {
        return new HashSet<>(query("SELECT DISTINCT on_day FROM quiz_attempt WHERE member_id = ? AND activity = 'daily'"
                + " AND status = 'done' AND flag IS NULL AND on_day >= ?", ps -> {
                    ps.setString(1, member);
                    ps.setDate(2, date(since));
                }, rs -> rs.getDate(1).toLocalDate()));
    }

    @Override
    public List<AnswerCount> answerCounts(LocalDate from, LocalDate to) {
        return query("SELECT member_id, category, outcome, flagged, COUNT(*) FROM quiz_attempt_item"
                + " WHERE answered_at >= ? AND answered_at < ? AND outcome IS NOT NULL"
                + " GROUP BY member_id, category, outcome, flagged", ps -> {
                    ps.setTimestamp(1, ts(from.atStartOfDay(io.shaozi.core.schedule.Schedule.ZONE).toInstant()));
                    ps.setTimestamp(2, ts(to.plusDays(1).atStartOfDay(io.shaozi.core.schedule.Schedule.ZONE)
                            .toInstant()));
                }, rs -> new AnswerCount(rs.getString(1), rs.getString(2), Outcome.parse(rs.getString(3)).orElseThrow(),
                        rs.getBoolean(4), rs.getInt(5)));
    }

    @Override
    public boolean flag(long attempt, String reason, int level, Instant at) {
        return update("UPDATE quiz_attempt SET flag = ?, flag_level = ?, flagged_at = ? WHERE id = ? AND flag IS NULL",
                ps -> {
                    ps.setString(1, reason);
                    ps.setInt(2, level);
                    ps.setTimestamp(3, ts(at));
                    ps.setLong(4, attempt);
                }) == 1;
    }

    @Override
    public int flaggedSince(String member, Instant since) {
        return query("SELECT COUNT(*) FROM quiz_attempt WHERE member_id = ? AND flagged_at >= ?", ps -> {
            ps.setString(1, member);
            ps.setTimestamp(2, ts(since));
        }, rs -> rs.getInt(1)).get(0);
    }

    @Override
    public List<Flagged> flagged(LocalDate from, LocalDate to) {
        return query("SELECT id, member_id, activity, on_day, flag, flag_level, flagged_at FROM quiz_attempt"
                + " WHERE on_day >= ? AND on_day <= ? AND flag IS NOT NULL ORDER BY flagged_at, id", ps -> {
                    ps.setDate(1, date(from));
                    ps.setDate(2, date(to));
                }, rs -> new Flagged(rs.getLong(1), rs.getString(2), Activity.parse(rs.getString(3)).orElseThrow(),
                        rs.getDate(4).toLocalDate(), rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant()));
    }

    @Override
    public Map<String, Set<LocalDate>> dailyDoneByMember(LocalDate from, LocalDate to) {
        Map<String, Set<LocalDate>> out = new HashMap<>();
        query("SELECT DISTINCT member_id, on_day FROM quiz_attempt WHERE activity = 'daily' AND status = 'done'"
                + " AND flag IS NULL AND on_day >= ? AND on_day <= ?", ps -> {
                    ps.setDate(1, date(from));
                    ps.setDate(2, date(to));
                }, rs -> out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getDate(2).toLocalDate()));
        return out;
    }

    @Override
    public void subscribe(String member, boolean on, Instant at) {
        Binder set = ps -> {
            ps.setBoolean(1, on);
            ps.setTimestamp(2, ts(at));
            ps.setString(3, member);
        };
        for (int i = 0; i < 3; i++) {
            if (update("UPDATE quiz_subscription SET subscribed = ?, updated_at = ? WHERE member_id = ?", set) > 0
                    || update("INSERT INTO quiz_subscription (subscribed, updated_at, member_id) VALUES (?, ?, ?)",
                    set) > 0) {
                return;
            }
        }
        throw new IllegalStateException("cannot record the subscription of " + member);
    }

    @Override
    public boolean subscribed(String member) {
        return query("SELECT subscribed FROM quiz_subscription WHERE member_id = ?", ps -> ps.setString(1, member),
                rs -> rs.getBoolean(1)).stream().findFirst().orElse(false);
    }

    @Override
    public Set<String> subscribers() {
        return new HashSet<>(query("SELECT member_id FROM quiz_subscription WHERE subscribed = TRUE", ps -> { },
                rs -> rs.getString(1)));
    }
}
