package io.shaozi.adapters.wecom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who gets an app message: members (UserIDs, or {@code @all}), departments and tags. At least one, at most
 * 1000 users and 100 departments / tags (WeCom's limits).
 *
 * <p>{@link #spec()} / {@link #parse} give a one-string form for the outbox's {@code recipient} column:
 * {@code user:u1|u2;party:3;tag:7} (sections optional, in any order).
 */
public record Recipients(List<String> users, List<String> parties, List<String> tags) {
    public Recipients {
        users = List.copyOf(users);
        parties = List.copyOf(parties);
        tags = List.copyOf(tags);
        if (users.isEmpty() && parties.isEmpty() && tags.isEmpty()) {
            throw new IllegalArgumentException("recipients must not be empty");
        }
        if (users.size() > 1000 || parties.size() > 100 || tags.size() > 100) {
            throw new IllegalArgumentException("too many recipients (max 1000 users, 100 parties, 100 tags)");
        }
        for (List<String> l : List.of(users, parties, tags)) {
            for (String s : l) {
                Objects.requireNonNull(s, "recipient");
                if (s.isBlank() || s.contains("|") || s.contains(";") || s.contains(":")) {
                    throw new IllegalArgumentException("invalid recipient id: " + s);
                }
            }
        }
    }

    public static Recipients users(String... ids) {
        return new Recipients(List.of(ids), List.of(), List.of());
    }

    public static Recipients parties(String... ids) {
        return new Recipients(List.of(), List.of(ids), List.of());
    }

    public static Recipients tags(String... ids) {
        return new Recipients(List.of(), List.of(), List.of(ids));
    }

    /** Every member in the app's visible range ({@code touser=@all}). */
    public static Recipients all() {
        return users("@all");
    }

    /** {@code user:u1|u2;party:3;tag:7} (empty sections omitted). */
    public String spec() {
        List<String> parts = new ArrayList<>();
        if (!users.isEmpty()) {
            parts.add("user:" + String.join("|", users));
        }
        if (!parties.isEmpty()) {
            parts.add("party:" + String.join("|", parties));
        }
        if (!tags.isEmpty()) {
            parts.add("tag:" + String.join("|", tags));
        }
        return String.join(";", parts);
    }

    /** Inverse of {@link #spec()}. */
    public static Recipients parse(String spec) {
        List<String> u = new ArrayList<>();
        List<String> p = new ArrayList<>();
        List<String> t = new ArrayList<>();
        for (String section : spec.split(";")) {
            if (section.isBlank()) {
                continue;
            }
            int i = section.indexOf(':');
            if (i < 0) {
                throw new IllegalArgumentException("bad recipient section: " + section);
            }
            List<String> target;
            switch (section.substring(0, i).trim()) {
                case "user":
                    target = u;
                    break;
                case "party":
                    target = p;
                    break;
                case "tag":
                    target = t;
                    break;
                default:
                    throw new IllegalArgumentException("bad recipient section: " + section);
            }
            for (String id : section.substring(i + 1).split("\\|")) {
                if (!id.isBlank()) {
                    target.add(id.trim());
                }
            }
        }
        return new Recipients(u, p, t);
    }
}
