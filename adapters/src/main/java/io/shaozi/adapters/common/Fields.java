package io.shaozi.adapters.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The input gate's rules for single values, shared by every channel parser and API. Two kinds of value:
 * <ul>
 * <li><b>free text</b> (a resident's message, a note, an address): control characters other than tab, line feed
 * and carriage return, and unpaired surrogates, are removed ({@link #clean}) so that a stray control character
 * never costs the resident their message; PostgreSQL refuses NUL in text, and an unpaired surrogate cannot be
 * stored as UTF-8 without being changed;</li>
 * <li><b>ids and keys</b> (user ids, message ids, codes): refused when blank, longer than their column, or holding
 * any control character or unpaired surrogate ({@link #idProblem}); the reason names the field.</li>
 * </ul>
 * Keys built from several user-supplied parts are stored hashed ({@link #hashedKey}, {@link #fit}) so that no
 * input length can overflow a key column.
 */
public final class Fields {
    /** The longest message text kept from any channel (characters); longer text is cut. */
    public static final int MAX_TEXT = 4000;
    /** Column size of user ids (inbound_message.user_id and friends). */
    public static final int MAX_USER = 128;
    /** Column size of message ids (inbound_message.message_id). */
    public static final int MAX_MESSAGE_ID = 128;
    /** Prefix of a key stored as its SHA-256 ({@link #hashedKey}). */
    public static final String HASH_PREFIX = "h:";

    private Fields() {
    }

    /** True for a character free text may keep: not a control character, or tab, line feed, carriage return. */
    private static boolean keptInText(char c) {
        return !Character.isISOControl(c) || c == '\t' || c == '\n' || c == '\r';
    }

    /** {@code s} without control characters (except tab, LF, CR) and without unpaired surrogates. */
    public static String clean(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && fine(s, i, true)) {
            i += Character.isHighSurrogate(s.charAt(i)) ? 2 : 1;
        }
        if (i >= n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n);
        sb.append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (fine(s, i, true)) {
                if (Character.isHighSurrogate(c)) {
                    sb.append(c).append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                sb.append(c);
            }
            i++;
        }
        return sb.toString();
    }

    /** {@link #clean}ed and cut to at most {@code max} characters (never between the halves of a surrogate pair). */
    public static String text(String s, int max) {
        String c = clean(s);
        if (c.length() <= max) {
            return c;
        }
        int end = Character.isLowSurrogate(c.charAt(max)) ? max - 1 : max;
        return c.substring(0, end);
    }

    /**
     * Why {@code value} is not acceptable as the id or key {@code field} (at most {@code max} characters, not blank,
     * no control character, no unpaired surrogate), or empty when it is. The reason names the field, never the value.
     */
    public static Optional<String> idProblem(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return Optional.of("missing " + field);
        }
        if (value.length() > max) {
            return Optional.of(field + " is longer than " + max + " characters");
        }
        if (!isClean(value, false)) {
            return Optional.of(field + " contains control characters or invalid UTF-16");
        }
        return Optional.empty();
    }

    /** Same as {@link #idProblem} for an optional value: an absent (empty) value is fine. */
    public static Optional<String> optionalIdProblem(String field, Optional<String> value, int max) {
        return value.isEmpty() ? Optional.empty() : idProblem(field, value.get(), max);
    }

    /** True when {@code s} has no unpaired surrogate and no control character (tab, LF, CR allowed when {@code text}). */
    public static boolean isClean(String s, boolean text) {
        for (int i = 0; i < s.length(); i += Character.isHighSurrogate(s.charAt(i)) ? 2 : 1) {
            if (!fine(s, i, text)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the character at {@code i} (with its pair, if a high surrogate) may stay. */
    private static boolean fine(String s, int i, boolean text) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return false;
        }
        return text ? keptInText(c) : !Character.isISOControl(c);
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code s}. */
    public static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * {@code "h:" + SHA-256 hex} of {@code parts} (each length-prefixed, so that no two different part lists share a
     * key): 66 characters whatever the input.
     */
    public static String hashedKey(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            sb.append(p.length()).append(':').append(p).append('\u001f');
        }
        return HASH_PREFIX + sha256Hex(sb.toString());
    }

    /**
     * {@code key} itself when it fits {@code max} characters and is clean, else its {@link #hashedKey}: a key for a
     * column of {@code max} characters that stays readable when it can.
     */
    public static String fit(String key, int max) {
        return key.length() <= max && isClean(key, false) ? key : hashedKey(key);
    }

    /**
     * {@code in} with every free-text part {@link #clean}ed and the message text cut to {@link #MAX_TEXT}; the
     * origin (ids, checked by the parser) is kept.
     */
    public static Inbound clean(Inbound in) {
        if (in instanceof Inbound.Text t) {
            return new Inbound.Text(t.origin(), text(t.text(), MAX_TEXT));
        } else if (in instanceof Inbound.Image i) {
            return new Inbound.Image(i.origin(), text(i.mediaId(), MAX_TEXT), i.url().map(u -> text(u, MAX_TEXT)));
        } else if (in instanceof Inbound.Voice v) {
            return new Inbound.Voice(v.origin(), text(v.mediaId(), MAX_TEXT), v.recognition().map(r -> text(r, MAX_TEXT)));
        } else if (in instanceof Inbound.Location l) {
            return new Inbound.Location(l.origin(), l.latitude(), l.longitude(), l.scale(), text(l.label(), MAX_TEXT));
        } else if (in instanceof Inbound.Link l) {
            return new Inbound.Link(l.origin(), text(l.title(), MAX_TEXT), text(l.description(), MAX_TEXT),
                    text(l.url(), MAX_TEXT));
        } else if (in instanceof Inbound.Event e) {
            return new Inbound.Event(e.origin(), text(e.type(), 64), e.key().map(k -> text(k, MAX_TEXT)));
        }
        Inbound.Unknown u = (Inbound.Unknown) in;
        return new Inbound.Unknown(u.origin(), text(u.rawType(), 64));
    }
}
