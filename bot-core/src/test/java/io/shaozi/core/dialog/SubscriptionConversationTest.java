package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.adapters.channel.ChannelRegistry;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.audience.ConsentEvent;
import io.shaozi.core.config.ConfigLoader;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.ResidentJdbc;
import io.shaozi.core.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** 订阅 / 退订 over real HTTP on the chat channel, recorded in the residents' directory (H2 and PostgreSQL). */
class SubscriptionConversationTest {
    @TempDir
    Path dir;

    private TestServer start(String url, TestDatabases.Engine engine, Map<String, String> more) throws Exception {
        Map<String, String> o = new HashMap<>(more);
        o.put("storage.url", url);
        if (engine == TestDatabases.Engine.POSTGRESQL) {
            o.put("storage.user", TestDatabases.PG_USER);
        }
        return TestServer.start(dir.resolve("data"), Optional.empty(), o, Clock.systemUTC(), b -> b);
    }

    @ParameterizedTest
    @MethodSource("io.shaozi.core.store.TestDatabases#engines")
    void unsubscribe_subscribe_areRecordedWithHistory_andHelpWritesNothing(TestDatabases.Engine engine) throws Exception {
        String url = TestDatabases.freshUrl(engine);
        ChatClient me = new ChatClient(null, "web-sub-1");
        ChatClient helpOnly = new ChatClient(null, "web-help-only");
        ChatClient reporter = new ChatClient(null, "web-sub-reporter");
        try (TestServer s = start(url, engine, Map.of())) {
            me.reconnect(s);
            helpOnly.reconnect(s);
            reporter.reconnect(s);
            assertThat(reporter.say("多福巷3号楼2单元楼道灯坏了")).contains("照片");
            assertThat(reporter.say("跳过")).contains("工单号");
            assertThat(helpOnly.say("帮助")).contains("订阅").contains("退订");
            assertThat(me.say("退订")).contains("已为您退订").contains("只向您推送紧急通知");
            assertThat(me.say("订阅")).contains("已为您订阅");
            assertThat(me.say("取消订阅")).contains("已为您退订");
        }
        try (Database db = Database.open(url, engine == TestDatabases.Engine.POSTGRESQL ? TestDatabases.PG_USER : "",
                "", 2)) {
            ResidentJdbc store = new ResidentJdbc(db.dataSource());
            var r = store.find("generic", "chat", me.user()).orElseThrow();
            assertThat(r.subscribed()).isFalse();
            assertThat(r.consentAt()).isPresent();
            assertThat(store.history("generic", "chat", me.user())).extracting(ConsentEvent::subscribed)
                    .containsExactly(false, true, false);
            assertThat(store.find("generic", "chat", helpOnly.user())).as("帮助 is stateless: no write").isEmpty();
            assertThat(store.find("generic", "chat", reporter.user()).orElseThrow().community())
                    .as("community from the ticket").contains("110101001001");
        }
    }

    @Test
    void unsubscribe_withoutEmergency_saysNothingWillCome() throws Exception {
        String url = TestDatabases.freshUrl(TestDatabases.Engine.H2);
        try (TestServer s = start(url, TestDatabases.Engine.H2, Map.of("push.unsubscribedGetEmergency", "false"))) {
            ChatClient me = new ChatClient(s, "web-sub-2");
            assertThat(me.say("退订")).contains("不再向您推送").doesNotContain("紧急");
        }
    }

    @Test
    void config_rejectsANonBoolean_namingTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Optional.empty(), Map.of(),
                Map.of("push.unsubscribedGetEmergency", "maybe"), ChannelRegistry.builtIn()))
                .hasMessageContaining("push.unsubscribedGetEmergency");
    }
}
