package io.shaozi.adapters.channel;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A channel's mapping of the configuration ({@code channels.<id>}), as bot-core's config reader hands it over:
 * typed reads with defaults, every failure an exception whose message starts with the key path
 * ({@code channels.wechat.accounts[0].token: is required}); keys no reader asked for are errors.
 */
public interface ConfigSection {
    /** This mapping's key path, e.g. {@code channels.wechat}. */
    String path();

    String string(String name, String def);

    /** An optional string: absent or blank is empty. */
    default Optional<String> optional(String name) {
        String v = string(name, "");
        return v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** A non-blank string, else an error naming the key. */
    String required(String name);

    boolean bool(String name, boolean def);

    int int32(String name, int def, int min, int max);

    /** An absolute http(s) URL, or the default when absent. */
    String url(String name, String def);

    /** One of {@code allowed}, case-sensitive. */
    String oneOf(String name, String def, List<String> allowed);

    /** A list of plain strings. */
    List<String> strings(String name, List<String> def);

    /** A list of mappings, each read by {@code reader} and checked for unknown keys. */
    <T> List<T> list(String name, Function<ConfigSection, T> reader);

    /** The mapping {@code name}, read by {@code reader} and checked for unknown keys. */
    <T> T section(String name, Function<ConfigSection, T> reader);

    /** The configuration error {@code path() + ": " + message}. */
    RuntimeException error(String message);

    /** The configuration error {@code path() + "." + key + ": " + message}. */
    RuntimeException error(String key, String message);

    /** A record's own validation failure as a configuration error naming this mapping. */
    default RuntimeException invalid(IllegalArgumentException e) {
        return error(e.getMessage());
    }

    /** Fails when two entries of the list {@code name} share an id, or an id is not usable in a path. */
    default void uniqueIds(String name, List<String> ids) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String key = name + "[" + i + "].id";
            if (!seen.add(ids.get(i))) {
                throw error(key, "\"" + ids.get(i) + "\" is used twice");
            }
            if (!ids.get(i).matches("[A-Za-z0-9_-]{1,64}")) {
                throw error(key, "\"" + ids.get(i) + "\" must be 1-64 letters, digits, _ or -");
            }
        }
    }
}
