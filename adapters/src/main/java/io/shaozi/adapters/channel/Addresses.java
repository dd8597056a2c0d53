package io.shaozi.adapters.channel;

import java.util.Optional;

/**
 * A channel's recipient addresses: the outbox {@code recipient} column (at most 256 characters) of its rows.
 * Each platform has its own forms (a WeCom {@code user:u1|u2;party:3}, a DingTalk {@code group:<id>}, a Feishu
 * {@code chat_id:oc_…}); every one accepts the address of one user that {@link #user} writes.
 */
public interface Addresses {
    /**
     * The address that reaches {@code user} (as the platform names the sender of an inbound message) through
     * {@code account}; empty when that account cannot push at all (the generic webhook, whose pushing depends on
     * its settings: {@link ChatChannel#userAddress}).
     */
    Optional<String> user(String account, String user);

    /** Whether {@code recipient} (e.g. an alert address in org.yaml) is the address of {@code user}. */
    default boolean reaches(String account, String recipient, String user) {
        return recipient.equals(user) || user(account, user).filter(recipient::equals).isPresent();
    }

    /** Why {@code recipient} is not an address of this channel (without echoing secrets); empty when it is. */
    Optional<String> problem(String recipient);
}
