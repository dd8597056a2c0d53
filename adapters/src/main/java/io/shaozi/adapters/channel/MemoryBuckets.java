package io.shaozi.adapters.channel;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bucket4j's compare-and-swap store over a map in this process: the same code path as the Redis store, for one
 * instance. A count is forgotten once it has refilled completely (it would start full anyway), so memory follows
 * the active keys, not all keys ever seen.
 */
final class MemoryBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {
    private static final ExpirationAfterWriteStrategy EXPIRY =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO);

    private record Stored(byte[] data, long expiresAtNanos) {
    }

    private final TimeMeter meter;
    private final ConcurrentHashMap<String, Stored> map = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();

    MemoryBuckets(TimeMeter meter) {
        super(ClientSideConfig.getDefault().withClientClock(meter));
        this.meter = meter;
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                Stored s = map.get(key);
                return s == null || expired(s) ? Optional.empty() : Optional.of(s.data());
            }

            @Override
            public boolean compareAndSwap(byte[] original, byte[] update, RemoteBucketState state,
                                          Optional<Long> timeoutNanos) {
                long now = meter.currentTimeNanos();
                Stored next = new Stored(update, now + EXPIRY.calculateTimeToLiveMillis(state, now) * 1_000_000L);
                boolean[] swapped = {false};
                map.compute(key, (k, current) -> {
                    boolean free = current == null || expired(current);
                    if (original == null ? free : !free && Arrays.equals(current.data(), original)) {
                        swapped[0] = true;
                        return next;
                    }
                    return current;
                });
                if (writes.incrementAndGet() % 4096 == 0) {
                    map.values().removeIf(this::expiredEntry);
                }
                return swapped[0];
            }

            private boolean expiredEntry(Stored s) {
                return expired(s);
            }
        };
    }

    private boolean expired(Stored s) {
        return s.expiresAtNanos() <= meter.currentTimeNanos();
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("synchronous only");
    }

    @Override
    public void removeProxy(String key) {
        map.remove(key);
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        throw new UnsupportedOperationException("synchronous only");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }

    /** How many counts are kept (tests). */
    int size() {
        return map.size();
    }
}
