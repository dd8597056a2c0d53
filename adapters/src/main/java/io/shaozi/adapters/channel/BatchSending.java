package io.shaozi.adapters.channel;

import io.shaozi.adapters.common.Outbound;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A channel that can send ONE message to many of its users in one platform call (WeCom app messages to
 * {@code touser=a|b|c}, DingTalk work notices to a {@code userid_list}, Feishu {@code batch_send}). Campaigns use it
 * when {@code push.batch.<channel>} is set; the host still counts each member's own rate limits
 * ({@link RateLimit.Scope#RECIPIENT}) before the call and the account's limits once per call.
 */
public interface BatchSending {
    /** The most members one call to {@code account} may name (the platform's documented limit); 0: cannot batch. */
    int maxMembers(String account);

    /** Whether {@code address} names one user this channel can put in a batch (not a group, department or list). */
    boolean isMember(String address);

    /**
     * Sends {@code payload} to {@code members} (each an address of one user as {@link Addresses#user} writes it) in
     * one platform call. Blocking; never throws for platform or transport failures.
     */
    Result send(String account, List<String> members, Outbound payload, Optional<String> dedupeKey);

    /**
     * What one batch call came to.
     *
     * @param outcome    the call's outcome; {@link SendOutcome.Sent} when the platform accepted it
     * @param notReached members (their addresses, as given) the platform refused while accepting the rest, with the
     *                   code their ledger rows fail with (e.g. {@code wecom_invaliduser})
     */
    record Result(SendOutcome outcome, Map<String, String> notReached) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            notReached = Map.copyOf(notReached);
        }

        public static Result of(SendOutcome outcome) {
            return new Result(outcome, Map.of());
        }
    }
}
