package io.shaozi.core.store;

import io.shaozi.core.ticket.SmsLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import javax.sql.DataSource;

/** {@link SmsLedger} on the {@code alert_sms} table (V35): a row per number, day and alert step. */
public final class AlertSmsJdbc implements SmsLedger {
    private final Tx tx;

    public AlertSmsJdbc(DataSource ds) {
        this.tx = new Tx(ds);
    }

    @Override
    public boolean reserve(String phone, LocalDate day, String key, int cap) {
        return tx.inTx(c -> {
            if (exists(c, phone, day, key)) {
                return true;
            }
            if (count(c, phone, day) >= cap) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_sms (phone, sms_day, ref) VALUES (?, ?, ?)")) {
                ps.setString(1, phone);
                ps.setObject(2, day);
                ps.setString(3, key);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** SMS reserved for {@code phone} on {@code day}. */
    public int sent(String phone, LocalDate day) {
        return tx.inTx(c -> count(c, phone, day));
    }

    private static boolean exists(Connection c, String phone, LocalDate day, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM alert_sms WHERE phone = ? AND sms_day = ? AND ref = ?")) {
            ps.setString(1, phone);
            ps.setObject(2, day);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int count(Connection c, String phone, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM alert_sms WHERE phone = ? AND sms_day = ?")) {
            ps.setString(1, phone);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
