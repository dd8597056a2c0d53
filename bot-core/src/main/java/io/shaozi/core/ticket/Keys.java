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
        return e.opt(key).map(Instant::parse);
    }
}
