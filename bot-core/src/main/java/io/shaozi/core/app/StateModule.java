package io.shaozi.core.app;

import io.shaozi.adapters.channel.Limiter;
import io.shaozi.adapters.common.InMemoryTokenStore;
import io.shaozi.adapters.common.ReplayGuard;
import io.shaozi.adapters.common.TokenStore;
import io.shaozi.core.config.ShaoziConfig;
import io.shaozi.core.lock.LocalLocks;
import io.shaozi.core.lock.Locks;
import io.shaozi.core.state.Dedupe;
import io.shaozi.core.state.LocalState;
import io.shaozi.core.state.RedisClient;
import io.shaozi.core.state.RedisLocks;
import io.shaozi.core.state.RedisState;
import io.shaozi.core.state.RedisTokenStore;
import io.shaozi.core.state.SessionStore;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.LeaseLocksJdbc;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * State that several instances must share (dedupe, replay nonces, sessions, locks, rate limits, platform access
 * tokens): in Redis when {@code redis.url} is set, else in this process (Caffeine), with locks on the shared database
 * when it is not the embedded H2.
 */
record StateModule(Optional<RedisClient> redis, Dedupe dedupe, ReplayGuard replays, SessionStore sessions, Locks locks,
                   Limiter limiter, TokenStore tokens) implements AutoCloseable {

    /** Connects to Redis when configured (refusing to start when it does not answer). */
    static StateModule open(ShaoziConfig config, Database db, Clock clock, String nodeId) {
        if (config.redis().enabled()) {
            RedisClient redis = new RedisClient(config.redis().url(), "shaozi:");
            if (!redis.ping()) {
                redis.close();
                throw new IllegalStateException("redis.url: Redis does not answer at " + config.redis().toString());
            }
            RedisState state = new RedisState(redis, clock);
            Locks locks = new RedisLocks(redis);
            return new StateModule(Optional.of(redis), state, state, state, locks, redis.limiter(clock),
                    new RedisTokenStore(redis, locks, clock, Duration.ofSeconds(15)));
        }
        LocalState state = new LocalState(clock, 200_000);
        // the embedded H2 file is open in this process only; a shared database may have other instances
        Locks locks = config.storage().url().isEmpty() ? new LocalLocks(clock) : new LeaseLocksJdbc(db, clock, nodeId);
        return new StateModule(Optional.empty(), state, state, state, locks, Limiter.local(clock),
                new InMemoryTokenStore());
    }

    @Override
    public void close() {
        redis.ifPresent(RedisClient::close);
    }
}
