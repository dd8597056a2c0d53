package io.shaozi.core.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/** The few Redis operations Shaozi uses, behind one narrow class (the only user of Jedis). */
public final class RedisClient implements AutoCloseable {
    private static final String COMPARE_AND_DELETE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private static final String INCR_WITH_EXPIRE =
            "local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return n";

    private static final String COMPARE_AND_EXPIRE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    private final redis.clients.jedis.RedisClient jedis;
    private final String prefix;

    /** @param url {@code redis://host:port[/db]}; {@code prefix} namespaces every key (tests use a random one) */
    public RedisClient(String url, String prefix) {
        this.jedis = redis.clients.jedis.RedisClient.create(java.net.URI.create(url));
        this.prefix = prefix;
    }

    private String k(String key) {
        return prefix + key;
    }

    /** {@code SET key value NX PX ttl}: true when set. */
    public boolean setIfAbsent(String key, String value, Duration ttl) {
        return "OK".equals(jedis.set(k(key), value, SetParams.setParams().nx().px(ttl.toMillis())));
    }

    public void set(String key, String value, Duration ttl) {
        jedis.set(k(key), value, SetParams.setParams().px(ttl.toMillis()));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(jedis.get(k(key)));
    }

    public void delete(String key) {
        jedis.del(k(key));
    }

    /** Deletes {@code key} only while it still holds {@code expected}; true when deleted. */
    public boolean deleteIfEquals(String key, String expected) {
        Object r = jedis.eval(COMPARE_AND_DELETE, List.of(k(key)), List.of(expected));
        return r instanceof Long n && n == 1L;
    }

    /** Extends {@code key}'s time to live only while it still holds {@code expected}; true when extended. */
    public boolean expireIfEquals(String key, String expected, Duration ttl) {
        Object r = jedis.eval(COMPARE_AND_EXPIRE, List.of(k(key)), List.of(expected, Long.toString(ttl.toMillis())));
        return r instanceof Long n && n == 1L;
    }

    /** INCR with an expiry set on the first increment; returns the new count. */
    public long incrementWithin(String key, Duration ttl) {
        Object r = jedis.eval(INCR_WITH_EXPIRE, List.of(k(key)), List.of(Long.toString(ttl.toMillis())));
        return (Long) r;
    }

    /** Remaining time to live of {@code key} in milliseconds; negative when the key is absent or has none. */
    public long ttlMillis(String key) {
        return jedis.pttl(k(key));
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
