package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * COPY's text form against the real PostgreSQL: random texts (backslashes, line breaks, tabs, CJK, emoji, runs of
 * each) and instants (repeated, as a campaign's rows share their times, and distinct) come back exactly as written.
 */
class PgCopyTest {
    private static final String PIECES = "ab\\\n\r\t 哨子小区门口😀\\n,\"'";

    @Test
    void copy_roundTripsAnyTextAndInstant_throughPostgresql() throws Exception {
        Random random = new Random(41);
        List<Object[]> rows = new ArrayList<>();
        Instant shared = Instant.parse("2026-12-07T08:00:00.123456Z");
        for (int i = 0; i < 2_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(12);
            for (int k = 0; k < n; k++) {
                int at = random.nextInt(PIECES.length());
                s.append(Character.isHighSurrogate(PIECES.charAt(at)) ? PIECES.substring(at, at + 2)
                        : Character.isLowSurrogate(PIECES.charAt(at)) ? "x" : String.valueOf(PIECES.charAt(at)));
            }
            Instant t = random.nextInt(4) == 0 ? shared
                    : Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000) * 1000L);
            rows.add(new Object[] {i, random.nextInt(10) == 0 ? null : s.toString(), t});
        }
        try (TestDatabases.Handle h = TestDatabases.open(TestDatabases.Engine.POSTGRESQL);
             Connection c = h.db().dataSource().getConnection()) {
            assertThat(PgCopy.available(c)).isTrue();
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE copy_probe (id INT PRIMARY KEY, s TEXT, t TIMESTAMP WITH TIME ZONE)");
            }
            assertThat(PgCopy.copy(c, "copy_probe", "id, s, t", rows)).isEqualTo(rows.size());
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, s, t FROM copy_probe ORDER BY id")) {
                int i = 0;
                while (rs.next()) {
                    Object[] row = rows.get(i++);
                    assertThat(rs.getInt(1)).isEqualTo(row[0]);
                    assertThat(rs.getString(2)).as("row %d", row[0]).isEqualTo(row[1]);
                    assertThat(rs.getTimestamp(3).toInstant()).as("row %d", row[0]).isEqualTo(row[2]);
                }
                assertThat(i).isEqualTo(rows.size());
            }
        }
    }
}
