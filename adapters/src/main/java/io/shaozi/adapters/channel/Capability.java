package io.shaozi.adapters.channel;

/** What a channel can do, declared by its {@link ChannelType}. */
public enum Capability {
    /** The first reply goes back in the HTTP response of the delivery (within the platform's deadline). */
    PASSIVE_REPLY,
    /** Messages can be pushed to a user later (outbox). */
    PUSH,
    /** One send reaches many users (WeCom departments/tags, DingTalk work notices to 100 users, group robots). */
    MASS_SEND,
    /** Template or subscription messages (WeChat). */
    TEMPLATE_MESSAGE,
    /** Cards with buttons. */
    CARD,
    /** Markdown text. */
    MARKDOWN,
    /** Messages into a group chat. */
    GROUP,
    /** Urgent delivery that interrupts the user (DingTalk DING, Feishu urgent): declared, not yet used. */
    URGENT
}
