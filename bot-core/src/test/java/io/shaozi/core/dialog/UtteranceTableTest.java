package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.app.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Colloquial, misspelt, emoji-laden first messages and the step the conversation must take next. */
class UtteranceTableTest {
    static TestServer server;
    static final AtomicInteger USERS = new AtomicInteger();
    static final Map<String, Predicate<String>> EXPECT = Map.ofEntries(
            Map.entry("PLACE", r -> r.contains("具体位置") && !r.contains("工单号")),
            Map.entry("PHOTO", r -> r.contains("照片") && !r.contains("工单号")),
            Map.entry("OPENED", r -> r.matches("(?s)已受理，工单号 \\d{10,}。.*") && r.split("\n").length <= 2),
            Map.entry("EMERGENCY", r -> r.matches("(?s).*(119|120|95598|警示|警铃).*已受理，工单号 \\d{10,}.*")),
            Map.entry("GREET", r -> r.contains("直接说就行")),
            Map.entry("MENU", r -> r.contains("常用：")),
            Map.entry("MINE", r -> r.contains("还没有工单")),
            Map.entry("NUMBER", r -> r.contains("请带上工单号")),
            Map.entry("NOTFOUND", r -> r.contains("没有找到您的工单")),
            Map.entry("NO_RATING", r -> r.contains("没有待评价的工单")),
            Map.entry("HUMAN", r -> r.contains("已为您转接人工")),
            Map.entry("LEARN", r -> r.contains("党建学习")),
            Map.entry("QUIZ", r -> r.contains("党员") && r.contains("积分")),
            Map.entry("NOTICES", r -> r.contains("暂时没有发给您的通知")),
            Map.entry("STUDIED", r -> r.contains("没有待学习的内容")),
            Map.entry("SUBSCRIBED", r -> r.contains("已为您订阅")),
            Map.entry("UNSUBSCRIBED", r -> r.contains("已为您退订")),
            Map.entry("EMPTY", r -> r.contains("请用一句话描述")),
            Map.entry("KB_ANSWER", r -> r.startsWith("【") && r.contains("依据：")),
            Map.entry("KB_UNSURE", r -> r.startsWith("您想问的是哪一项？") || r.equals(KnowledgeTurns.OFFER)),
            Map.entry("SOCIAL", r -> !r.isBlank() && !r.contains("描述") && !r.contains("工单号") && !r.contains("具体位置")
                    && !r.contains("哪方面")),
            Map.entry("FOREIGN", r -> r.contains("人工") && r.contains("Chinese")));

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Files.createTempDirectory("shaozi-utter"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> rows() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = UtteranceTableTest.class.getResourceAsStream("/dialog/utterances.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                rows.add(Arguments.of(cols[0], cols[1].trim()));
            }
        }
        return rows.stream();
    }

    @Test
    void table_hasAtLeastSixtyRowsAndKnownSteps() throws IOException {
        List<Arguments> all = rows().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(60);
        assertThat(all).allMatch(a -> EXPECT.containsKey((String) a.get()[1]));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("rows")
    void firstMessage_leadsToTheExpectedStep(String utterance, String step) throws Exception {
        ChatClient resident = new ChatClient(server, "table-" + USERS.incrementAndGet());
        String reply = resident.say(utterance);
        assertThat(EXPECT.get(step).test(reply)).as("「%s」 should lead to %s but the bot said:%n%s", utterance, step,
                reply).isTrue();
    }

}
