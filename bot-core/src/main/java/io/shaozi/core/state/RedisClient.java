package io.shaozi.core.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/** The few Redis operations Shaozi uses, behind one narrow class (the only user of Jedis). */
public final class RedisClient implements AutoCloseable {
    private static final String COMPARE_AND_DELETE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private static final String COMPARE_AND_EXPIRE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    private final redis.clients.jedis.RedisClient jedis;
    private final String prefix;

    /** @param url {@code redis://host:port[/db]}; {@code prefix} namespaces every key (tests use a random one) */
    public RedisClient(String url, String prefix) {
        // Short timeouts: a Redis outage must fail a request fast (503, retried by the platform), not hold a worker.
        java.net.URI uri = java.net.URI.create(url);
        this.jedis = redis.clients.jedis.RedisClient.builder()
                .hostAndPort(redis.clients.jedis.util.JedisURIHelper.getHostAndPort(uri))
                .clientConfig(redis.clients.jedis.DefaultJedisClientConfig.builder(uri)
                        .connectionTimeoutMillis(1000).socketTimeoutMillis(1000).build())
                .build();
        this.prefix = prefix;
    }

    private String k(String key) {
        return prefix + key;
    }

    /** {@code SET key value NX PX ttl}: true when set. */
    public boolean setIfAbsent(String key, String value, Duration ttl) {
        return call(() -> "OK".equals(jedis.set(k(key), value, SetParams.setParams().nx().px(ttl.toMillis()))));
    }

    public void set(String key, String value, Duration ttl) {
        call(() -> jedis.set(k(key), value, SetParams.setParams().px(ttl.toMillis())));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(call(() -> jedis.get(k(key))));
    }

    public void delete(String key) {
        call(() -> jedis.del(k(key)));
    }

    /** Deletes {@code key} only while it still holds {@code expected}; true when deleted. */
    public boolean deleteIfEquals(String key, String expected) {
        Object r = call(() -> jedis.eval(COMPARE_AND_DELETE, List.of(k(key)), List.of(expected)));
        return r instanceof Long n && n == 1L;
    }

    /** Extends {@code key}'s time to live only while it still holds {@code expected}; true when extended. */
    public boolean expireIfEquals(String key, String expected, Duration ttl) {
        Object r = call(() -> jedis.eval(COMPARE_AND_EXPIRE, List.of(k(key)),
                List.of(expected, Long.toString(ttl.toMillis()))));
        return r instanceof Long n && n == 1L;
    }

    /**
     * The rate limiter over this Redis, shared by every instance: Bucket4j's compare-and-swap store for Jedis (its
     * Lua script runs on this client), keys under this client's prefix, each expiring once its bucket has refilled.
     * Time is {@code clock}'s: instances must keep their clocks in step (NTP), as the platforms' own windows do.
     */
    public io.shaozi.adapters.channel.Limiter limiter(java.time.Clock clock) {
        io.github.bucket4j.distributed.proxy.ProxyManager<String> store =
                io.github.bucket4j.redis.jedis.Bucket4jJedis.casBasedBuilder(jedis)
                        .clientClock(io.shaozi.adapters.channel.Limiter.meter(clock))
                        .expirationAfterWrite(io.github.bucket4j.distributed.ExpirationAfterWriteStrategy
                                .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .keyMapper(io.github.bucket4j.distributed.serialization.Mapper.STRING)
                        .build();
        return new io.shaozi.adapters.channel.Limiter(store.withMapper(this::k), clock,
                e -> e instanceof redis.clients.jedis.exceptions.JedisConnectionException ? new Unavailable(e) : e);
    }

    /** Remaining time to live of {@code key} in milliseconds; negative when the key is absent or has none. */
    public long ttlMillis(String key) {
        return call(() -> jedis.pttl(k(key)));
    }

    /** Runs one command; a lost or refused connection becomes {@link Unavailable} (answered 503, retried). */
    private static <T> T call(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
            throw new Unavailable(e);
        }
    }

    /** Redis could not be reached: the request may be sent again later. */
    public static final class Unavailable extends RuntimeException implements io.shaozi.core.http.Retryable {
        private static final long serialVersionUID = 1L;

        Unavailable(RuntimeException cause) {
            super("Redis unavailable", cause);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    public boolean ping() {
        try {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        jedis.close();
    }
}
