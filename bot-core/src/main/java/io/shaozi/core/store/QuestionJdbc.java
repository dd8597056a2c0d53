package io.shaozi.core.store;

import io.shaozi.core.quiz.Question;
import io.shaozi.core.quiz.QuestionStore;
import io.shaozi.core.quiz.QuestionType;
import io.shaozi.core.quiz.StoredQuestion;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The question bank ({@code quiz_question}; V26). An import is one transaction of UPDATE-then-INSERT by id (a
 * concurrent insert of the same id, SQLSTATE 23505, retries the whole import), portable to H2 and PostgreSQL.
 */
public final class QuestionJdbc implements QuestionStore {
    private static final String COLUMNS = "id, qtype, stem, option_a, option_b, option_c, option_d, answer, "
            + "explanation, category, paraphrases, valid_until, retired_at, updated_at";
    private final DataSource ds;

    public QuestionJdbc(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void upsert(List<Question> questions, Origin origin, Instant at) {
        try (Connection c = ds.getConnection()) {
            for (int attempt = 0; ; attempt++) {
                c.setAutoCommit(false);
                try {
                    write(c, questions, origin, at);
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    if (!"23505".equals(e.getSQLState()) || attempt > 2) {
                        throw e;
                    }
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void write(Connection c, List<Question> questions, Origin origin, Instant at) throws SQLException {
        String originCode = origin.name().toLowerCase(Locale.ROOT);
        String update = "UPDATE quiz_question SET qtype = ?, stem = ?, option_a = ?, option_b = ?, option_c = ?, "
                + "option_d = ?, answer = ?, explanation = ?, category = ?, paraphrases = ?, valid_until = ?, "
                + "origin = ?, updated_at = ? WHERE id = ?" + (origin == Origin.SAMPLE ? " AND origin = 'sample'" : "");
        try (PreparedStatement up = c.prepareStatement(update);
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM quiz_question WHERE id = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO quiz_question (qtype, stem, option_a, option_b, "
                     + "option_c, option_d, answer, explanation, category, paraphrases, valid_until, origin, "
                     + "updated_at, id, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
            for (Question q : questions) {
                bind(up, q, originCode, at);
                if (up.executeUpdate() > 0) {
                    continue;
                }
                if (origin == Origin.SAMPLE) {
                    exists.setString(1, q.id());
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue; // an operator's question under this id: theirs wins
                        }
                    }
                }
                bind(ins, q, originCode, at);
                ins.setTimestamp(15, Timestamp.from(at));
                ins.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement ps, Question q, String origin, Instant at) throws SQLException {
        ps.setString(1, q.type().code());
        ps.setString(2, q.stem());
        for (int i = 0; i < 4; i++) {
            ps.setString(3 + i, i < q.options().size() ? q.options().get(i) : null);
        }
        ps.setString(7, q.answer());
        ps.setString(8, q.explanation());
        ps.setString(9, q.category());
        ps.setString(10, String.join("|", q.paraphrases()));
        if (q.validUntil().isPresent()) {
            ps.setDate(11, Date.valueOf(q.validUntil().get()));
        } else {
            ps.setNull(11, Types.DATE);
        }
        ps.setString(12, origin);
        ps.setTimestamp(13, Timestamp.from(at));
        ps.setString(14, q.id());
    }

    @Override
    public boolean retire(String id, Instant at) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE quiz_question SET retired_at = COALESCE(retired_at, ?) "
                     + "WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public Optional<StoredQuestion> find(String id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM quiz_question WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<StoredQuestion> list(Optional<String> category, Optional<Boolean> retired, int size) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM quiz_question WHERE 1 = 1");
        category.ifPresent(x -> sql.append(" AND category = ?"));
        retired.ifPresent(r -> sql.append(r ? " AND retired_at IS NOT NULL" : " AND retired_at IS NULL"));
        sql.append(" ORDER BY category, id LIMIT ?");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (category.isPresent()) {
                ps.setString(i++, category.get());
            }
            ps.setInt(i, size);
            List<StoredQuestion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static StoredQuestion row(ResultSet rs) throws SQLException {
        List<String> options = new ArrayList<>();
        for (String col : List.of("option_a", "option_b", "option_c", "option_d")) {
            String o = rs.getString(col);
            if (o != null) {
                options.add(o);
            }
        }
        String para = rs.getString("paraphrases");
        Date until = rs.getDate("valid_until");
        Timestamp retired = rs.getTimestamp("retired_at");
        Question q = new Question(rs.getString("id"), QuestionType.parse(rs.getString("qtype")).orElseThrow(),
                rs.getString("stem"), options, rs.getString("answer"), rs.getString("explanation"),
                rs.getString("category"), para.isEmpty() ? List.of() : Arrays.asList(para.split("\\|")),
                Optional.ofNullable(until).map(Date::toLocalDate));
        return new StoredQuestion(q, Optional.ofNullable(retired).map(Timestamp::toInstant),
                rs.getTimestamp("updated_at").toInstant());
    }
}
