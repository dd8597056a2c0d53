package io.shaozi.adapters.channel;

import io.shaozi.adapters.common.Channel;
import io.shaozi.adapters.dingtalk.DingTalkChannel;
import io.shaozi.adapters.feishu.FeishuChannel;
import io.shaozi.adapters.generic.GenericChannel;
import io.shaozi.adapters.wechat.WeChatChannel;
import io.shaozi.adapters.wecom.WeComChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The platforms Shaozi serves, in the order their config sections are read. The one place a channel is added. */
public final class ChannelRegistry {
    private final List<ChannelType<?>> types;

    private ChannelRegistry(List<ChannelType<?>> types) {
        List<String> ids = new ArrayList<>();
        for (ChannelType<?> t : types) {
            if (ids.contains(t.channel().id())) {
                throw new IllegalArgumentException("channel " + t.channel().id() + " registered twice");
            }
            ids.add(t.channel().id());
        }
        this.types = List.copyOf(types);
    }

    /** Every platform Shaozi ships. */
    public static ChannelRegistry builtIn() {
        return new ChannelRegistry(List.of(
                GenericChannel.TYPE,
                WeChatChannel.TYPE,
                WeComChannel.TYPE,
                DingTalkChannel.TYPE,
                FeishuChannel.TYPE));
    }

    /** This registry with one more platform (tests register theirs this way). */
    public ChannelRegistry with(ChannelType<?> type) {
        List<ChannelType<?>> more = new ArrayList<>(types);
        more.add(type);
        return new ChannelRegistry(more);
    }

    public List<ChannelType<?>> types() {
        return types;
    }

    public Optional<ChannelType<?>> find(Channel channel) {
        return types.stream().filter(t -> t.channel().equals(channel)).findFirst();
    }

    /** The ids of the registered platforms. */
    public List<String> ids() {
        return types.stream().map(t -> t.channel().id()).toList();
    }

    /**
     * The address that reaches {@code user} on {@code channel} through {@code account}; empty for an unknown channel
     * or one that cannot push there.
     */
    public Optional<String> userAddress(Channel channel, String account, String user) {
        return find(channel).flatMap(t -> t.addresses().user(account, user));
    }
}
