package io.shaozi.core.config;

import io.shaozi.config.ConfigException;
import io.shaozi.config.ConfigNode;
import io.shaozi.adapters.channel.ConfigSection;
import java.util.List;
import java.util.function.Function;

/** A channel's view of its config mapping: {@link ConfigNode}'s typed reads behind the adapters' {@link ConfigSection}. */
final class NodeSection implements ConfigSection {
    private final ConfigNode node;

    NodeSection(ConfigNode node) {
        this.node = node;
    }

    @Override
    public String path() {
        return node.path();
    }

    @Override
    public String string(String name, String def) {
        return node.string(name, def);
    }

    @Override
    public String required(String name) {
        return node.required(name);
    }

    @Override
    public boolean bool(String name, boolean def) {
        return node.bool(name, def);
    }

    @Override
    public int int32(String name, int def, int min, int max) {
        return node.int32(name, def, min, max);
    }

    @Override
    public String url(String name, String def) {
        return node.url(name, def);
    }

    @Override
    public String oneOf(String name, String def, List<String> allowed) {
        return node.oneOf(name, def, allowed);
    }

    @Override
    public List<String> strings(String name, List<String> def) {
        return node.strings(name, def);
    }

    @Override
    public <T> List<T> list(String name, Function<ConfigSection, T> reader) {
        return node.list(name, n -> reader.apply(new NodeSection(n)));
    }

    @Override
    public <T> T section(String name, Function<ConfigSection, T> reader) {
        return node.section(name, n -> reader.apply(new NodeSection(n)));
    }

    @Override
    public RuntimeException error(String message) {
        return node.error(message);
    }

    @Override
    public RuntimeException error(String key, String message) {
        return node.errorAt(key, message);
    }

    @Override
    public RuntimeException invalid(IllegalArgumentException e) {
        return node.invalid(e);
    }
}
