package io.shaozi.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shaozi.config.ConfigException;
import io.shaozi.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Loads {@link ShaoziConfig}: built-in defaults &lt; the default file ({@code config/shaozi.yaml}, when
 * present) &lt; {@code --config FILE} &lt; {@code SHAOZI_*} environment &lt; CLI flags. Files are merged key by
 * key (lists are replaced whole); environment and CLI values override single keys. Every key is
 * validated; unknown keys (in files and {@code SHAOZI_*} variables) are errors naming the key.
 */
public final class ConfigLoader {
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(token|aeskey|secret|password|encryptkey|sessionkey).*");

    /** The result: the typed config and the effective key → value table with secrets masked, for the log. */
    public record Loaded(ShaoziConfig config, Map<String, String> effectiveMasked) {
        /** One line per key, sorted, for the start-up log. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(effectiveMasked).forEach((k, v) -> sb.append("\n  ").append(k).append(" = ").append(v));
            return sb.toString();
        }
    }

    private ConfigLoader() {
    }

    /**
     * @param defaultFile the conventional file; silently skipped when it does not exist
     * @param extraFile   {@code --config FILE}; must exist
     * @param env         the process environment (only {@code SHAOZI_*} entries are used)
     * @param cliFlags    key path → value from CLI flags ({@code server.port} → "9090")
     */
    public static Loaded load(Optional<Path> defaultFile, Optional<Path> extraFile, Map<String, String> env,
                              Map<String, String> cliFlags) {
        return load(defaultFile, extraFile, env, cliFlags, io.shaozi.adapters.channel.ChannelRegistry.builtIn());
    }

    /** As {@link #load(Optional, Optional, Map, Map)}, reading the {@code channels} of {@code registry}. */
    public static Loaded load(Optional<Path> defaultFile, Optional<Path> extraFile, Map<String, String> env,
                              Map<String, String> cliFlags, io.shaozi.adapters.channel.ChannelRegistry registry) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        defaultFile.filter(Files::exists).ifPresent(f -> merge(tree, readYaml(f)));
        extraFile.ifPresent(f -> {
            if (!Files.exists(f)) {
                throw new ConfigException("--config " + f, "", "file not found");
            }
            merge(tree, readYaml(f));
        });
        Map<String, String> overrides = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("SHAOZI_")) {
                overrides.put(k, v);
            }
        });
        cliFlags.forEach((path, v) -> overrides.put(envName(path), v));
        ConfigNode.Overrides given = new ConfigNode.Overrides(overrides, ConfigLoader::envName);
        ConfigNode root = ConfigNode.root("", tree, given);
        ShaoziConfig config = new ShaoziConfig(
                root.section("server", ShaoziConfig.Server::read),
                root.section("storage", ShaoziConfig.Storage::read),
                root.section("redis", ShaoziConfig.Redis::read),
                root.section("admin", ShaoziConfig.Admin::read),
                root.section("nlp", ShaoziConfig.Nlp::read),
                root.section("tickets", ShaoziConfig.Tickets::read),
                root.section("dialog", ShaoziConfig.Dialog::read),
                root.section("channels", n -> ShaoziConfig.Channels.read(n, registry)),
                root.section("schedule", ShaoziConfig.Schedule::read),
                root.section("content", ShaoziConfig.Content::read),
                root.section("push", ShaoziConfig.Push::read),
                root.section("quiz", ShaoziConfig.Quiz::read),
                root.section("alerts", ShaoziConfig.Alerts::read));
        root.done();
        for (String name : overrides.keySet()) {
            if (!given.used().contains(name)) {
                throw new ConfigException("", name, "no such configuration key");
            }
        }
        Map<String, String> masked = new LinkedHashMap<>();
        given.effective().forEach((k, v) -> masked.put(k, mask(k, v)));
        return new Loaded(config, masked);
    }

    /** "****" for a non-empty value of a secret-looking key ({@code token}, {@code aesKey}, {@code secret} …). */
    public static String mask(String keyPath, String value) {
        String last = keyPath.substring(keyPath.lastIndexOf('.') + 1);
        if (SECRET.matcher(last).matches() || keyPath.contains("groupWebhooks[") && "url".equals(last)) {
            return value.isEmpty() ? "" : "****";
        }
        if (keyPath.toLowerCase(Locale.ROOT).endsWith("url")) {
            // user-info (redis://user:pw@host) and password= parameters (jdbc:postgresql://…?password=…)
            return io.shaozi.core.store.Database.redact(value.replaceAll("//[^/@]*@", "//****@"));
        }
        return value;
    }

    /** The environment-variable form of a key path: {@code SHAOZI_} + path upper-cased, dots and brackets as _. */
    public static String envName(String keyPath) {
        return "SHAOZI_" + keyPath.replace("[", "_").replace("]", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** One file of the configuration: may be empty (every key is optional), else a mapping of keys. */
    static JsonNode readYaml(Path file) {
        JsonNode node = ConfigNode.readTree(file);
        if (node.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(file.toString(), "", "the top level must be a mapping of keys");
        }
        return node;
    }

    /** Deep-merges {@code over} into {@code base}: mappings key by key, everything else replaced. */
    static void merge(ObjectNode base, JsonNode over) {
        for (Map.Entry<String, JsonNode> e : over.properties()) {
            JsonNode existing = base.get(e.getKey());
            if (existing instanceof ObjectNode eo && e.getValue().isObject()) {
                merge(eo, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
