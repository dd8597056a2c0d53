package io.shaozi.core.content;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The editable part of a content item.
 *
 * @param body       Markdown subset source ({@link Markdown}); stored as written, rendered on the way out
 * @param link       optional http/https link
 * @param cover      optional http/https cover image URL
 * @param validUntil optional end of validity
 */
public record Draft(ContentKind kind, String title, String body, Optional<String> link, Optional<String> cover,
                    String source, Optional<Instant> validUntil) {
    public static final int MAX_TITLE = 100;
    public static final int MAX_BODY = 20_000;
    public static final int MAX_URL = 500;
    public static final int MAX_SOURCE = 100;

    public Draft {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(cover, "cover");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(validUntil, "validUntil");
    }

    /** One field's problem: the field name and what is wrong (English, for the 400 answer). */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** Everything wrong with this draft at {@code now}; empty when it may be stored. */
    public List<Problem> problems(Instant now) {
        List<Problem> out = new ArrayList<>();
        text(out, "title", title, MAX_TITLE, false, true);
        text(out, "body", body, MAX_BODY, true, true);
        text(out, "source", source, MAX_SOURCE, false, false);
        link.ifPresent(l -> url(out, "link", l));
        cover.ifPresent(c -> url(out, "cover", c));
        validUntil.filter(v -> !v.isAfter(now)).ifPresent(v -> out.add(new Problem("validUntil", "must be in the future")));
        return out;
    }

    private static void text(List<Problem> out, String field, String v, int max, boolean multiline, boolean required) {
        if (required && v.isBlank()) {
            out.add(new Problem(field, "is required"));
            return;
        }
        if (v.codePointCount(0, v.length()) > max) {
            out.add(new Problem(field, "is longer than " + max + " characters"));
            return;
        }
        if (hasControl(v, multiline)) {
            out.add(new Problem(field, "holds a control character"));
        }
    }

    /** A control character (line breaks and tabs allowed when {@code multiline}). */
    static boolean hasControl(String v, boolean multiline) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private static void url(List<Problem> out, String field, String v) {
        if (v.length() > MAX_URL) {
            out.add(new Problem(field, "is longer than " + MAX_URL + " characters"));
            return;
        }
        if (!isHttpUrl(v)) {
            out.add(new Problem(field, "must be an http or https URL"));
        }
    }

    /** An absolute http(s) URL with a host, no whitespace or control characters. */
    public static boolean isHttpUrl(String v) {
        if (hasControl(v, false) || v.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        try {
            URI u = new URI(v);
            String s = u.getScheme();
            return s != null && (s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https")) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
