package io.shaozi.adapters.channel;

import java.util.List;
import java.util.Optional;

/**
 * One chat platform, configured and ready: what Shaozi needs of WeChat, WeCom, DingTalk, Feishu, the generic
 * webhook, or any platform added later. A platform implements this once (in its own package) and declares a
 * {@link ChannelType} that reads its configuration and opens it; registering that type in
 * {@link ChannelRegistry#builtIn()} is all the host needs (docs/adding-a-channel.md).
 *
 * <ul>
 *   <li>inbound: {@link #endpoints()} verify and parse deliveries into a {@link Reception}: a message with its
 *       reply path (passive reply rendered by the channel, acknowledgement, or every reply in the response);</li>
 *   <li>outbound: {@link #send} delivers one outbox message and answers one {@link SendOutcome};</li>
 *   <li>recipients, capabilities and rate limits are declared by the {@link ChannelType}.</li>
 * </ul>
 */
public interface ChatChannel {
    /** The type this channel was opened from. */
    ChannelType<?> type();

    /** The HTTP endpoints the platform delivers to; the host serves them. */
    List<Endpoint> endpoints();

    /**
     * The address that reaches {@code user} (as the platform names the sender of an inbound message) through
     * {@code account} as configured; empty when that account cannot push. By default what the type declares
     * ({@link Addresses#user}); a channel whose pushing depends on its settings (the generic webhook's callback) says
     * so here.
     */
    default Optional<String> userAddress(String account, String user) {
        return type().addresses().user(account, user);
    }

    /**
     * Whether this channel, as configured, can send from {@code account} to {@code recipient}: false when the account
     * has no outbound client (e.g. a WeCom app without its secret), so that a sender can leave the address out and
     * say so instead of queueing a message the outbox can only reject. By default yes.
     */
    default boolean canSend(String account, String recipient) {
        return true;
    }

    /**
     * Sends one message. Blocking (runs on the outbox thread); never throws for platform or transport failures.
     * Rate limits are the host's business: it asks {@link #limits} first.
     */
    SendOutcome send(Delivery delivery);

    /**
     * The names of the declared limits ({@link ChannelType#limits()}) this delivery counts against; by default
     * every account and recipient limit.
     */
    default List<String> limits(Delivery delivery) {
        return type().limits().stream().filter(l -> l.scope() != RateLimit.Scope.SENDER).map(RateLimit::name)
                .toList();
    }

    /** Sending one message to many users in one call, where the platform and this channel's configuration allow it. */
    default java.util.Optional<BatchSending> batching() {
        return java.util.Optional.empty();
    }

    /** The platform's OAuth web login, where it is configured. */
    default java.util.Optional<WebLogin> webLogin() {
        return java.util.Optional.empty();
    }
}
