package io.shaozi.core.channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-issued sessions of the /chat/ page: a cookie value {@code <id>.<issued epoch seconds>.<mac>}, where mac is
 * base64url HMAC-SHA256 over {@code <id>.<issued>} under the server's key. The id is random (16 bytes) and decides
 * the chat user ({@code web-<id>}); a browser cannot pick it. A value that is malformed, signed with another key
 * or older than the lifetime is not a session.
 */
public final class ChatSessions {
    /** The cookie's name. */
    public static final String COOKIE = "shaozi_chat";
    /** File in the data directory holding the generated key when none is configured. */
    public static final String KEY_FILE = "chat-session.key";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final Clock clock;
    private final Duration lifetime;

    public ChatSessions(byte[] key, Clock clock, Duration lifetime) {
        this.key = key.clone();
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /**
     * The configured key, or else the key kept in {@code dataDir/chat-session.key} (created with 32 random bytes on
     * first start, readable by the owner only).
     */
    public static byte[] key(String configured, Path dataDir) throws IOException {
        if (!configured.isEmpty()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        Path file = dataDir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            Path tmp = Files.createTempFile(dataDir, KEY_FILE, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions apply
            }
            Files.writeString(tmp, HexFormat.of().formatHex(fresh), StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Session ids of staff bound through a console link ({@link #bindToken}) start with this; random ones never do. */
    public static final String STAFF_PREFIX = "staff-";

    /** A new session: a random id, issued now. */
    public String issue() {
        while (true) {
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            String s = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            if (!s.startsWith(STAFF_PREFIX)) {
                return sign(s);
            }
        }
    }

    /**
     * A one-use-window link token that opens the chat page as staff member {@code personId} (session id
     * {@code staff-<personId>}, chat user {@code web-staff-<personId>}): {@code <personId>.<expires>.<mac>}, the mac
     * over {@code bind.<personId>.<expires>} under the session key, valid for {@code ttl}.
     */
    public String bindToken(String personId, Duration ttl) {
        if (!ID.matcher(STAFF_PREFIX + personId).matches()) {
            throw new IllegalArgumentException("person id must be 1-58 letters, digits, _ or -");
        }
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return personId + "." + expires + "." + mac(key, "bind." + personId + "." + expires);
    }

    /** The person id of a valid, unexpired {@link #bindToken}. */
    public Optional<String> verifyBind(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !ID.matcher(STAFF_PREFIX + parts[0]).matches() || !parts[1].matches("\\d{1,12}")) {
            return Optional.empty();
        }
        String expected = mac(key, "bind." + parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        if (!Instant.ofEpochSecond(Long.parseLong(parts[1])).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(parts[0]);
    }

    /** The cookie value of session {@code id} issued now (renewing a valid session keeps its id). */
    public String sign(String id) {
        return sign(key, id, clock.instant());
    }

    /** The cookie value of session {@code id} issued at {@code issued} under {@code key}. */
    public static String sign(byte[] key, String id, Instant issued) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("session id must be 1-64 letters, digits, _ or -");
        }
        String payload = id + "." + issued.getEpochSecond();
        return payload + "." + mac(key, payload);
    }

    /** The session id of a cookie value, when it is well-formed, signed with this key and not expired. */
    public Optional<String> verify(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3 || !ID.matcher(parts[0]).matches() || !parts[1].matches("\\d{1,12}")) {
            return Optional.empty();
        }
        String expected = mac(key, parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        Instant issued = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        Instant now = clock.instant();
        if (issued.isAfter(now.plusSeconds(300)) || !issued.plus(lifetime).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(parts[0]);
    }

    Duration lifetime() {
        return lifetime;
    }

    private static String mac(byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
