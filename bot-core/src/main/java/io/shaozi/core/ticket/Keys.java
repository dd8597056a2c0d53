package io.shaozi.core.ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Names of {@link TicketEvent#data()} entries, and the encoders both sides use. */
final class Keys {
    static final String CATEGORY = "category";
    static final String SUBCATEGORY = "subcategory";
    /** On RECATEGORIZED: the category (and subcategory, when there was one) before the correction. */
    static final String PREVIOUS_CATEGORY = "previousCategory";
    static final String PREVIOUS_SUBCATEGORY = "previousSubcategory";
    static final String REQUEST_TYPE = "requestType";
    /** On OPENED: the category model version that classified the request. */
    static final String MODEL_VERSION = CategoryCorrections.MODEL_VERSION;
    /** On MEDIA_FAILED: the media reference ({@code image:<id>} / {@code voice:<id>}) and whether it is retried. */
    static final String MEDIA = "media";
    static final String RETRYING = "retrying";
    static final String URGENCY = "urgency";
    static final String TEXT = "text";
    static final String PLACE = "place";
    static final String COMMUNITY = "community";
    static final String DEPARTMENT = "department";
    static final String SIGN_DUE = "signDue";
    static final String CONTACT_DUE = "contactDue";
    static final String RESOLVE_DUE = "resolveDue";
    static final String PROVISIONAL = "provisional";
    static final String CONTACT = "contact";
    static final String PAUSED = "paused";
    static final String RATING_DUE = "ratingDue";
    static final String REASON = "reason";
    static final String BOUNCES = "bounces";
    static final String WRONGFUL_MINUTES = "wrongfulMinutes";
    static final String WRONGFUL_DEPARTMENT = "wrongfulDepartment";
    static final String SUMMON_PREFIX = "summon.";
    static final String LOCATION = "location";
    static final String PHOTO = "photo";
    static final String MASTER = "master";
    static final String DUPLICATE = "duplicate";
    static final String DAYS = "days";
    static final String RATING = "rating";
    static final String KIND = "kind";
    static final String ESCALATE_AT = "escalateAt";
    static final String LEVEL = "level";
    static final String FOLLOWER_PREFIX = "f";

    private Keys() {
    }

    static void reporter(Map<String, String> data, String prefix, Reporter r) {
        data.put(prefix + "channel", r.channel());
        data.put(prefix + "account", r.account());
        data.put(prefix + "user", r.user());
        data.put(prefix + "name", r.name());
        data.put(prefix + "phone", r.phone());
    }

    static Reporter reporter(TicketEvent e, String prefix) {
        Map<String, String> d = e.data();
        return new Reporter(e.get(prefix + "channel"), e.get(prefix + "account"), e.get(prefix + "user"),
                d.getOrDefault(prefix + "name", ""), d.getOrDefault(prefix + "phone", ""));
    }

    static void followers(Map<String, String> data, List<Reporter> rs) {
        for (int i = 0; i < rs.size(); i++) {
            reporter(data, FOLLOWER_PREFIX + i + ".", rs.get(i));
        }
    }

    static List<Reporter> followers(TicketEvent e) {
        List<Reporter> out = new ArrayList<>();
        for (int i = 0; e.data().containsKey(FOLLOWER_PREFIX + i + ".user"); i++) {
            out.add(reporter(e, FOLLOWER_PREFIX + i + "."));
        }
        return out;
    }

    static Optional<Instant> instant(TicketEvent e, String key) {
        return e.opt(key).map(Keys::parseInstant);
    }

    /**
     * {@link Instant#parse} for the form {@link Instant#toString} writes ({@code 2026-12-07T02:00:00Z}, with 3, 6 or 9
     * digits of fraction when there is one), without the general formatter (every replay of a ticket parses its
     * deadlines); anything else goes to {@link Instant#parse}, which also rejects what is not an instant.
     */
    static Instant parseInstant(String s) {
        int n = s.length();
        if (n >= 20 && n <= 30 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z' && (n == 20 || s.charAt(19) == '.' && n > 21)) {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = digits(s, 17, 2);
            int nanos = 0;
            if (n > 20) {
                int len = n - 21;
                int f = digits(s, 20, len);
                if (f >= 0) {
                    for (int i = len; i < 9; i++) {
                        f *= 10;
                    }
                }
                nanos = f;
            }
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0
                    && minute <= 59 && second >= 0 && second <= 59 && nanos >= 0
                    && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
            }
        }
        return Instant.parse(s);
    }

    /** The {@code len} decimal digits at {@code from} as a number, or -1 when one of them is not a digit. */
    private static int digits(String s, int from, int len) {
        if (len < 1 || len > 9) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
