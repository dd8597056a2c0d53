package io.shaozi.adapters.common;

import java.util.Objects;

/**
 * A chat platform Shaozi speaks, by its lower-case {@link #id()} as used in routes, config keys, keys and tables.
 * The built-in ones are constants here; a new platform names its own (see {@code docs/adding-a-channel.md}).
 */
public record Channel(String id) {
    public static final Channel WECHAT = new Channel("wechat");
    public static final Channel WECOM = new Channel("wecom");
    public static final Channel DINGTALK = new Channel("dingtalk");
    public static final Channel FEISHU = new Channel("feishu");
    public static final Channel GENERIC = new Channel("generic");

    public Channel {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("channel id must be 1-32 lower-case letters, digits or -: " + id);
        }
    }

    /** The channel named {@code id} as stored in a table or written in config. */
    public static Channel of(String id) {
        return new Channel(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
