package io.shaozi.core.audience;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the residents' directory current at low cost: a resident who writes is upserted at most once per day
 * (Asia/Shanghai) by this process, plus whenever a community becomes known; 订阅 / 退订 are always recorded.
 */
public final class ResidentBook {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Above this many remembered residents the memory is dropped (at worst, one more upsert each). */
    private static final int MAX_REMEMBERED = 200_000;

    private final ResidentStore store;
    private final Clock clock;
    /** What was last written for a resident: the day, and the community if one was given. */
    private record Written(LocalDate day, Optional<String> community) {
    }

    private final ConcurrentHashMap<String, Written> seenOn = new ConcurrentHashMap<>();

    private volatile Arrivals arrivals = Arrivals.NONE;

    public ResidentBook(ResidentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The resident wrote; {@code community} when a ticket or a place just told us. True when the store was written. */
    public boolean seen(String channel, String account, String user, Optional<String> community) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
        String key = channel + "\u0000" + account + "\u0000" + user;
        Written last = seenOn.get(key);
        if (last != null && today.equals(last.day())
                && (community.isEmpty() || community.equals(last.community()))) {
            return false; // written today already, with this community (or none new)
        }
        if (seenOn.size() > MAX_REMEMBERED) {
            seenOn.clear();
        }
        store.seen(channel, account, user, community, clock.instant());
        seenOn.put(key, new Written(today, community.isPresent() ? community
                : last != null ? last.community() : Optional.empty()));
        return true;
    }

    /**
     * The resident wrote a message: recorded as {@link #seen} (no community), then {@link #onArrival the listener} is
     * told (their WeChat window is open again).
     */
    public void wrote(String channel, String account, String user) {
        seen(channel, account, user, Optional.empty());
        arrivals.wrote(channel, account, user);
    }

    /**
     * The resident wrote, on a path that stores nothing (帮助, greetings): only {@link #onArrival the listener} is told
     * (their WeChat window is open now); the directory is left as it is.
     */
    public void arrived(String channel, String account, String user) {
        arrivals.wrote(channel, account, user);
    }

    /** Who is told by {@link #wrote} (one listener; the campaigns' next digest). */
    public void onArrival(Arrivals listener) {
        this.arrivals = java.util.Objects.requireNonNull(listener, "listener");
    }

    public void subscribe(String channel, String account, String user) {
        seen(channel, account, user, Optional.empty());
        store.consent(channel, account, user, true, clock.instant());
    }

    public void unsubscribe(String channel, String account, String user) {
        seen(channel, account, user, Optional.empty());
        store.consent(channel, account, user, false, clock.instant());
    }

    public ResidentStore store() {
        return store;
    }
}
