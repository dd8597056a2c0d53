package io.shaozi.core.store;

import io.shaozi.adapters.common.Fields;
import io.shaozi.core.ticket.CategoryCorrections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** {@link CategoryCorrections} in the {@code category_correction} table (V37_1). */
public final class CategoryCorrectionJdbc implements CategoryCorrections {
    private final DataSource ds;

    public CategoryCorrectionJdbc(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void record(Correction x) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO category_correction (ticket_number, text, predicted, corrected, model_version, corrected_by,"
                        + " corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, Fields.text(x.ticket(), 24));
            ps.setString(2, Fields.text(x.text(), 4000));
            ps.setString(3, Fields.text(x.predicted(), 40));
            ps.setString(4, Fields.text(x.corrected(), 40));
            ps.setString(5, Fields.text(x.modelVersion(), 40));
            ps.setString(6, Fields.text(x.correctedBy(), 200));
            ps.setTimestamp(7, Timestamp.from(x.at()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<Correction> all() {
        List<Correction> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT ticket_number, text, predicted, corrected, model_version, corrected_by, corrected_at"
                        + " FROM category_correction ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Correction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }
}
