package io.shaozi.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.shaozi.core.http.Json;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.OrgRepository;
import io.shaozi.core.identity.Role;
import io.shaozi.core.identity.TokenRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JDBC {@link OrgRepository} and {@link TokenRepository}: tables {@code org_unit}, {@code org_department}, {@code org_person}, {@code api_token}. */
public final class OrgJdbc implements OrgRepository, TokenRepository {
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    private static final TypeReference<List<Map<String, String>>> GRIDS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };
    private final Database db;
    private final Tx tx;

    public OrgJdbc(Database db) {
        this.db = db;
        this.tx = new Tx(db.dataSource());
    }

    @Override
    public Optional<Org> load() {
        try (Connection c = db.dataSource().getConnection()) {
            Org.Unit district = null;
            Org.Unit street = null;
            List<Org.Community> communities = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT code, kind, name, places, grids, alerts FROM org_unit ORDER BY position");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(2);
                    Optional<Org.Notify> alerts = notify(rs.getString(6));
                    switch (kind) {
                        case "DISTRICT" -> district = new Org.Unit(rs.getString(1), rs.getString(3), alerts);
                        case "STREET" -> street = new Org.Unit(rs.getString(1), rs.getString(3), alerts);
                        default -> {
                            List<Org.Grid> grids = new ArrayList<>();
                            for (Map<String, String> g : parse(rs.getString(5), GRIDS)) {
                                grids.add(new Org.Grid(g.get("code"), g.get("name")));
                            }
                            communities.add(new Org.Community(rs.getString(1), rs.getString(3), grids,
                                    parse(rs.getString(4), LIST), alerts));
                        }
                    }
                }
            }
            if (district == null || street == null) {
                return Optional.empty();
            }
            List<Org.Department> departments = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT code, name, kind, duties, alerts FROM org_department ORDER BY position");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    departments.add(new Org.Department(rs.getString(1), rs.getString(2),
                            Org.DepartmentKind.valueOf(rs.getString(3)), parse(rs.getString(4), LIST), notify(rs.getString(5))));
                }
            }
            List<Org.Committee> committees = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT code, name, kind, parent FROM org_committee ORDER BY position");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    committees.add(new Org.Committee(rs.getString(1), rs.getString(2),
                            Org.CommitteeKind.valueOf(rs.getString(3)), rs.getString(4)));
                }
            }
            List<Org.Branch> branches = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT code, name, committee FROM org_branch ORDER BY position");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    branches.add(new Org.Branch(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            List<Org.Person> people = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, role, department, community, grid, phone, alerts,"
                    + " branch, deactivated_at FROM org_person ORDER BY position");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    people.add(new Org.Person(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)),
                            Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                            Optional.ofNullable(rs.getString(6)), rs.getString(7), notify(rs.getString(8)),
                            Optional.ofNullable(rs.getString(9)), TicketRows.instant(rs, 10)));
                }
            }
            return Optional.of(new Org(district, street, communities, departments, people, committees, branches));
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void save(Org org) {
        tx.inTx(c -> {
            for (String t : List.of("org_unit", "org_department", "org_person", "org_committee", "org_branch")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t)) {
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO org_unit (code, kind, name, places, grids, alerts, position) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                int pos = 0;
                unit(ps, org.district().code(), "DISTRICT", org.district().name(), List.of(), List.of(), org.district().alerts(), pos++);
                unit(ps, org.street().code(), "STREET", org.street().name(), List.of(), List.of(), org.street().alerts(), pos++);
                for (Org.Community cm : org.communities()) {
                    unit(ps, cm.code(), "COMMUNITY", cm.name(), cm.places(), cm.grids(), cm.alerts(), pos++);
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO org_department (code, name, kind, duties, alerts, position) VALUES (?, ?, ?, ?, ?, ?)")) {
                int pos = 0;
                for (Org.Department d : org.departments()) {
                    ps.setString(1, d.code());
                    ps.setString(2, d.name());
                    ps.setString(3, d.kind().name());
                    ps.setString(4, Json.text(d.duties()));
                    ps.setString(5, notifyJson(d.alerts()));
                    ps.setInt(6, pos++);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO org_committee (code, name, kind, parent, position) VALUES (?, ?, ?, ?, ?)")) {
                int pos = 0;
                for (Org.Committee cm : org.committees()) {
                    ps.setString(1, cm.code());
                    ps.setString(2, cm.name());
                    ps.setString(3, cm.kind().name());
                    ps.setString(4, cm.parent());
                    ps.setInt(5, pos++);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO org_branch (code, name, committee, position) VALUES (?, ?, ?, ?)")) {
                int pos = 0;
                for (Org.Branch b : org.branches()) {
                    ps.setString(1, b.code());
                    ps.setString(2, b.name());
                    ps.setString(3, b.committee());
                    ps.setInt(4, pos++);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO org_person (id, name, role, department, community, grid,"
                    + " phone, alerts, position, branch, deactivated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pos = 0;
                for (Org.Person p : org.people()) {
                    ps.setString(1, p.id());
                    ps.setString(2, p.name());
                    ps.setString(3, p.role().name());
                    ps.setString(4, p.department().orElse(null));
                    ps.setString(5, p.community().orElse(null));
                    ps.setString(6, p.grid().orElse(null));
                    ps.setString(7, p.phone());
                    ps.setString(8, notifyJson(p.alerts()));
                    ps.setInt(9, pos++);
                    ps.setString(10, p.branch().orElse(null));
                    ps.setObject(11, TicketRows.ts(p.deactivatedAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static void unit(PreparedStatement ps, String code, String kind, String name, List<String> places,
                             List<Org.Grid> grids, Optional<Org.Notify> alerts, int pos) throws SQLException {
        ps.setString(1, code);
        ps.setString(2, kind);
        ps.setString(3, name);
        ps.setString(4, Json.text(places));
        List<Map<String, String>> g = new ArrayList<>();
        for (Org.Grid x : grids) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("code", x.code());
            m.put("name", x.name());
            g.add(m);
        }
        ps.setString(5, Json.text(g));
        ps.setString(6, notifyJson(alerts));
        ps.setInt(7, pos);
        ps.addBatch();
    }

    private static String notifyJson(Optional<Org.Notify> n) {
        return n.map(x -> Json.text(Map.of("channel", x.channel(), "account", x.account(), "recipient", x.recipient())))
                .orElse(null);
    }

    private static Optional<Org.Notify> notify(String json) {
        if (json == null) {
            return Optional.empty();
        }
        Map<String, String> m = parse(json, MAP);
        return Optional.of(new Org.Notify(m.get("channel"), m.get("account"), m.get("recipient")));
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt org JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void store(String sha256, String personId, String label, Instant createdAt) {
        tx.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_token (token_sha256, person_id, label, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, sha256);
                ps.setString(2, personId);
                ps.setString(3, label);
                ps.setObject(4, TicketRows.ts(createdAt));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<String> personFor(String sha256) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT person_id FROM api_token WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public int revokeAll(String personId, Instant at) {
        return tx.inTx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_token SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL")) {
                ps.setObject(1, TicketRows.ts(at));
                ps.setString(2, personId);
                return ps.executeUpdate();
            }
        });
    }
}
