package io.shaozi.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void fullQueue_dropsAndCountsLines_insteadOfGrowingOrWaiting() {
        AccessLog log = new AccessLog(4, true, false);
        for (int i = 0; i < 10; i++) {
            log.log("GET", "/healthz", 200, 1);
        }
        assertThat(log.dropped()).isEqualTo(6);
        assertThat(log.flush()).as("only what fitted is written").isEqualTo(4);
        log.log("GET", "/healthz", 200, 1);
        assertThat(log.flush()).as("room again after a flush").isEqualTo(1);
        assertThat(log.dropped()).isEqualTo(6);
        log.close();
    }

    @Test
    void drops_areAMetric() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccessLog log = new AccessLog(1, true, false);
        WorkerPool pool = new WorkerPool(1, 1);
        new ServerMetrics(registry, pool).accessLog(log);
        log.log("GET", "/", 200, 0);
        log.log("GET", "/", 200, 0);
        assertThat(registry.get("shaozi.accesslog.dropped").functionCounter().count()).isEqualTo(1.0);
        log.close();
        pool.shutdown(0);
    }
}
