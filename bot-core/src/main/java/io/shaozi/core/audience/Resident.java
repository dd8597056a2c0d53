package io.shaozi.core.audience;

import java.time.Instant;
import java.util.Optional;

/**
 * A resident known from their conversations: their channel identity (channel, account, user), their community
 * (from their tickets or a place they gave), and their consent to pushes (订阅 / 退订) with its time.
 */
public record Resident(String channel, String account, String user, Optional<String> community, boolean subscribed,
                       Optional<Instant> consentAt, Instant firstSeen, Instant lastSeen) {
}
