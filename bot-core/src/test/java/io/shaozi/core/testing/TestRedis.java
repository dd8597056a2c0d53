package io.shaozi.core.testing;

import io.shaozi.core.state.RedisClient;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** The local Redis (127.0.0.1:6379) under a random key prefix; required (fail, not skip) when CI=true. */
public final class TestRedis {
    public static final String URL = System.getProperty("shaozi.test.redis", "redis://127.0.0.1:6379/0");

    private TestRedis() {
    }

    public static RedisClient client() {
        RedisClient c = new RedisClient(URL, "shaozi-test-" + UUID.randomUUID() + ":");
        if (!c.ping()) {
            c.close();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but Redis does not answer at " + URL);
            }
            Assumptions.abort("Redis not running at " + URL);
        }
        return c;
    }
}
