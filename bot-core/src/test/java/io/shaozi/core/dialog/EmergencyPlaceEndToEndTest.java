package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The place a resident gives after an emergency's safety hint becomes the ticket's place and community (not only a
 * 补充诉求 note), over the /chat/ page and the ticket API.
 */
class EmergencyPlaceEndToEndTest {
    private static final String ADMIN = "emergency-place-admin";
    private static final Pattern NUMBER = Pattern.compile("工单号 (\\d{10,})");

    @TempDir
    Path dir;

    @Test
    void emergencyPlace_updatesTheTicketsPlaceAndCommunity() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("data"), Optional.empty(), Map.of("admin.token", ADMIN),
                Clock.systemUTC(), b -> b)) {
            ChatClient me = new ChatClient(s, "web-gas");
            String r = me.say("厨房燃气泄漏了，味道很大");
            Matcher m = NUMBER.matcher(r);
            assertThat(m.find()).as(r).isTrue();
            String number = m.group(1);
            JsonNode before = Json.MAPPER.readTree(s.getWithHeaders("/api/tickets/" + number,
                    Map.of("Authorization", "Bearer " + ADMIN)).body());
            assertThat(before.get("community").isNull()).as(before.toString()).isTrue();
            String placed = me.say("韶九胡同3号院2号楼");
            assertThat(placed).contains("已记录位置").contains("韶九社区").doesNotContain("正在赶来");
            JsonNode after = Json.MAPPER.readTree(s.getWithHeaders("/api/tickets/" + number,
                    Map.of("Authorization", "Bearer " + ADMIN)).body());
            assertThat(after.get("place").asText()).isEqualTo("韶九胡同3号院2号楼");
            assertThat(after.get("community").asText()).isEqualTo("110101001002");
            assertThat(after.get("department").asText()).isNotEmpty();
        }
    }
}
