package io.shaozi.adapters.common;

import java.util.Objects;

/**
 * A chat platform Shaozi speaks, by its lower-case {@link #id()} as used in routes, config keys, keys and tables.
 * The built-in ones are constants here; a new platform names its own (see {@code docs/adding-a-channel.md}).
 */
public record Channel(String id) {
    /** Compiled once: every outbox row read or written names its channel (String.matches compiles anew). */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public static final Channel WECHAT = new Channel("wechat");
    public static final Channel WECOM = new Channel("wecom");
    public static final Channel DINGTALK = new Channel("dingtalk");
    public static final Channel FEISHU = new Channel("feishu");
    public static final Channel GENERIC = new Channel("generic");

    public Channel {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("channel id must be 1-32 lower-case letters, digits or -: " + id);
        }
    }

    /** The channel named {@code id} as stored in a table or written in config. */
    public static Channel of(String id) {
        return switch (id) {
            case "wechat" -> WECHAT;
            case "wecom" -> WECOM;
            case "dingtalk" -> DINGTALK;
            case "feishu" -> FEISHU;
            case "generic" -> GENERIC;
            default -> new Channel(id);
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
