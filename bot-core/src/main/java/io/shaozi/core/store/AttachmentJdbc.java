package io.shaozi.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Files attached to tickets, kept in the database (table {@code attachment}, V36) on H2 and PostgreSQL alike. */
public final class AttachmentJdbc {
    /** A stored file without its bytes. */
    public record Meta(long id, Optional<String> ticket, String contentType, String name, int size, String uploadedBy,
                       Instant at) {
    }

    /** A stored file with its bytes. */
    public record File(Meta meta, byte[] content) {
    }

    private final DataSource ds;

    public AttachmentJdbc(DataSource ds) {
        this.ds = ds;
    }

    /** Stores a file (already checked: sniffed type, size) and gives its id. */
    public long put(Optional<String> ticket, String contentType, String name, byte[] content, String uploadedBy,
                    Instant at) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO attachment (ticket_number, content_type, name,"
                     + " size_bytes, content, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, ticket.orElse(null));
            ps.setString(2, contentType);
            ps.setString(3, name);
            ps.setInt(4, content.length);
            ps.setBytes(5, content);
            ps.setString(6, uploadedBy);
            ps.setObject(7, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Binds a file uploaded before its ticket existed (a photo sent while reporting) to the ticket. */
    public void bind(long id, String ticket) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE attachment SET ticket_number = ? WHERE id = ? AND ticket_number IS NULL")) {
            ps.setString(1, ticket);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The ticket's file whose name starts with {@code prefix} (a downloaded platform media file), if stored. */
    public Optional<Meta> named(String ticket, String prefix) {
        return of(ticket).stream().filter(m -> m.name().startsWith(prefix + ".") || m.name().equals(prefix)).findFirst();
    }

    public Optional<File> get(long id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", content FROM attachment WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new File(meta(rs), rs.getBytes(8))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The files of a ticket, oldest first. */
    public List<Meta> of(String ticket) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM attachment WHERE ticket_number = ? ORDER BY id")) {
            ps.setString(1, ticket);
            List<Meta> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(meta(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static final String COLUMNS = "id, ticket_number, content_type, name, size_bytes, uploaded_by, created_at";

    private static Meta meta(ResultSet rs) throws SQLException {
        return new Meta(rs.getLong(1), Optional.ofNullable(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getInt(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant());
    }
}
