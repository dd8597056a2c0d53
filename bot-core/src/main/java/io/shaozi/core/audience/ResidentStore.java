package io.shaozi.core.audience;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The residents' directory in the store (implemented by {@code store.ResidentJdbc}). */
public interface ResidentStore {

    /**
     * Records that the resident wrote at {@code at}: inserts them (subscribed, the default for a resident who
     * writes to the service) or moves last_seen; a present community replaces the stored one.
     */
    void seen(String channel, String account, String user, Optional<String> community, Instant at);

    /** Records 订阅 ({@code subscribed}) or 退订 with its time, as the current consent and in the history. */
    void consent(String channel, String account, String user, boolean subscribed, Instant at);

    Optional<Resident> find(String channel, String account, String user);

    List<ConsentEvent> history(String channel, String account, String user);

    /** How many residents have this community (all when empty). */
    long countIn(Optional<String> community);

    /**
     * Every resident of the community (all when empty), subscribed only unless {@code includeUnsubscribed}, in
     * (channel, account, user) order, page by page (keyset), never all in memory.
     */
    default void forEach(Optional<String> community, boolean includeUnsubscribed, Consumer<Recipient> each) {
        forEachResident(community, includeUnsubscribed,
                r -> each.accept(new Recipient(r.channel(), r.account(), r.user())));
    }

    /**
     * How many residents {@link #forEach} would give, per channel, counted by the database (an audience's size before
     * a campaign, without reading every row).
     */
    Map<String, Long> countByChannel(Optional<String> community, boolean includeUnsubscribed);

    /** As {@link #forEach}, with each resident's whole row (community, consent, last seen). */
    void forEachResident(Optional<String> community, boolean includeUnsubscribed, Consumer<Resident> each);
}
