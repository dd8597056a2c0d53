package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 file is rebuilt from its committed contents after a process left it open (kill -9). */
class H2RepairTest {
    @TempDir
    Path dir;

    private static long insertHandoff(Database db, String key) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_day_seq (seq_day, last_value) VALUES (?, ?)")) {
            ps.setObject(1, java.time.LocalDate.parse(key));
            ps.setInt(2, 7);
            ps.executeUpdate();
        }
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO outbox (channel, account, recipient, kind, payload, state, attempts,"
                    + " next_attempt_at, created_at) VALUES ('generic', 'a', 'r', 'text', '{\"text\":\"x\"}', 'DONE', 0,"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            try (ResultSet rs = st.executeQuery("SELECT MAX(id) FROM outbox")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void openingAfterAnUncleanEnd_rebuildsTheFile_withEveryCommittedRow_andIdsGoOnFromWhereTheyWere() throws Exception {
        String url = Database.h2FileUrl(dir);
        long lastId;
        try (Database db = Database.open(url, "", "", 2)) {
            assertThat(dir.resolve("shaozi.open")).as("marked open while in use").exists();
            insertHandoff(db, "2026-12-01");
            lastId = insertHandoff(db, "2026-12-02");
        }
        assertThat(dir.resolve("shaozi.open")).as("a clean close removes the mark").doesNotExist();
        try (Database db = Database.open(url, "", "", 2)) {
            assertThat(dir.resolve("shaozi.mv.db.unclean")).as("no repair after a clean close").doesNotExist();
            assertThat(count(db, "SELECT COUNT(*) FROM ticket_day_seq")).isEqualTo(2);
        }
        Files.writeString(dir.resolve("shaozi.open"), "12345"); // what a process killed with the database open leaves
        try (Database db = Database.open(url, "", "", 2)) {
            assertThat(dir.resolve("shaozi.mv.db.unclean")).as("the old file is kept").exists();
            assertThat(count(db, "SELECT COUNT(*) FROM ticket_day_seq")).isEqualTo(2);
            assertThat(count(db, "SELECT SUM(last_value) FROM ticket_day_seq")).isEqualTo(14);
            assertThat(count(db, "SELECT COUNT(*) FROM flyway_schema_history WHERE success")).isGreaterThan(30);
            assertThat(insertHandoff(db, "2026-12-03")).as("identity values are not handed out again")
                    .isGreaterThan(lastId);
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("UPDATE ticket_day_seq SET last_value = last_value + 1")).isEqualTo(3);
            }
        }
        assertThat(dir.resolve("shaozi.open")).doesNotExist();
        assertThat(dir.resolve("shaozi.repair.sql")).doesNotExist();
    }

    @Test
    void aRepairCutShortByAnotherCrash_isFinishedFromItsScript_atTheNextStart() throws Exception {
        String url = Database.h2FileUrl(dir);
        try (Database db = Database.open(url, "", "", 2)) {
            insertHandoff(db, "2026-12-01");
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("SCRIPT TO '" + dir.resolve("shaozi.repair.sql").toString().replace("'", "''") + "'");
            }
            insertHandoff(db, "2026-12-02"); // after the export: a crash during the swap keeps only what was exported
        }
        // the crash came after the script was complete and the old file had been moved aside, before the swap
        Files.move(dir.resolve("shaozi.mv.db"), dir.resolve("shaozi.mv.db.unclean"));
        Files.writeString(dir.resolve("shaozi-rebuilt.mv.db"), "half a file");
        Files.writeString(dir.resolve("shaozi.open"), "12345");
        try (Database db = Database.open(url, "", "", 2)) {
            assertThat(count(db, "SELECT COUNT(*) FROM ticket_day_seq")).isEqualTo(1);
        }
        assertThat(dir.resolve("shaozi-rebuilt.mv.db")).doesNotExist();
        assertThat(dir.resolve("shaozi.repair.sql")).doesNotExist();
    }

    @Test
    void aSecondOpeningInTheSameProcess_isNotAnUncleanEnd() throws Exception {
        String url = Database.h2FileUrl(dir);
        try (Database first = Database.open(url, "", "", 2)) {
            insertHandoff(first, "2026-12-01");
            try (Database second = Database.open(url, "", "", 2)) {
                assertThat(count(second, "SELECT COUNT(*) FROM ticket_day_seq")).isEqualTo(1);
            }
            assertThat(dir.resolve("shaozi.open")).as("still open through the first").exists();
            assertThat(dir.resolve("shaozi.mv.db.unclean")).doesNotExist();
        }
        assertThat(dir.resolve("shaozi.open")).doesNotExist();
    }
}
