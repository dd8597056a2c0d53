package io.shaozi.adapters.channel;

import io.shaozi.adapters.common.Channel;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A platform as registered: its id (also its config key {@code channels.<id>}), what it can do, its rate limits
 * (the platform's documented quotas; {@code channels.<id>.limits.<name>} overrides each), its recipient addresses,
 * how it reads its configuration and how it opens.
 *
 * @param <S> the platform's settings, read from config (toString must mask secrets: it is logged)
 */
public record ChannelType<S>(Channel channel, Set<Capability> capabilities, List<RateLimit> limits,
                             Addresses addresses, Function<ConfigSection, S> settings, Opener<S> opener) {

    /** Opens a channel from its settings. */
    @FunctionalInterface
    public interface Opener<S> {
        ChatChannel open(S settings, ChannelContext context);
    }

    public ChannelType {
        Objects.requireNonNull(channel, "channel");
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        limits = List.copyOf(limits);
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(opener, "opener");
        Set<String> names = new HashSet<>();
        for (RateLimit l : limits) {
            if (!names.add(l.name())) {
                throw new IllegalArgumentException(channel.id() + ": limit " + l.name() + " declared twice");
            }
        }
    }

    /** Reads this platform's settings from its config mapping. */
    public S read(ConfigSection section) {
        return settings.apply(section);
    }

    /** Opens the channel from settings this type read. */
    public ChatChannel open(Object settings, ChannelContext context) {
        @SuppressWarnings("unchecked")
        S s = (S) settings;
        return opener.open(s, context);
    }

    public boolean can(Capability c) {
        return capabilities.contains(c);
    }
}
