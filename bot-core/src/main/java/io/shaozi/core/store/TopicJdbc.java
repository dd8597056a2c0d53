package io.shaozi.core.store;

import io.shaozi.core.quiz.Topic;
import io.shaozi.core.quiz.TopicStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** 专项答题 topics (V32): one row a topic, its code the primary key. */
public final class TopicJdbc implements TopicStore {
    private static final String COLS = "code, name, category, questions, branch, deadline, created_by, created_at";
    private final DataSource ds;

    public TopicJdbc(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public boolean create(Topic t) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO quiz_topic ("
                + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.code());
            ps.setString(2, t.name());
            ps.setString(3, t.category().orElse(null));
            ps.setString(4, t.questions().isEmpty() ? null : String.join(",", t.questions()));
            ps.setString(5, t.branch().orElse(null));
            ps.setTimestamp(6, Timestamp.from(t.deadline()));
            ps.setString(7, t.createdBy());
            ps.setTimestamp(8, Timestamp.from(t.createdAt()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw new StoreException(e);
        }
    }

    @Override
    public boolean update(Topic t, java.time.Instant at) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE quiz_topic SET"
                + " name = ?, category = ?, questions = ?, branch = ?, deadline = ?, updated_at = ?"
                + " WHERE code = ? AND deleted_at IS NULL")) {
            ps.setString(1, t.name());
            ps.setString(2, t.category().orElse(null));
            ps.setString(3, t.questions().isEmpty() ? null : String.join(",", t.questions()));
            ps.setString(4, t.branch().orElse(null));
            ps.setTimestamp(5, Timestamp.from(t.deadline()));
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setString(7, t.code());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public boolean delete(String code, java.time.Instant at) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE quiz_topic SET deleted_at = ? WHERE code = ? AND deleted_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, code);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public Optional<Topic> find(String code) {
        List<Topic> out = query("SELECT " + COLS + " FROM quiz_topic WHERE code = ? AND deleted_at IS NULL", code, 1);
        return out.stream().findFirst();
    }

    @Override
    public List<Topic> list(int limit) {
        return query("SELECT " + COLS + " FROM quiz_topic WHERE deleted_at IS NULL ORDER BY deadline DESC, code", null, limit);
    }

    private List<Topic> query(String sql, String code, int limit) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (code != null) {
                ps.setString(1, code);
            }
            ps.setMaxRows(limit);
            List<Topic> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String qs = rs.getString("questions");
                    out.add(new Topic(rs.getString("code"), rs.getString("name"),
                            Optional.ofNullable(rs.getString("category")),
                            qs == null ? List.of() : Arrays.asList(qs.split(",")),
                            Optional.ofNullable(rs.getString("branch")), rs.getTimestamp("deadline").toInstant(),
                            rs.getString("created_by"), rs.getTimestamp("created_at").toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
