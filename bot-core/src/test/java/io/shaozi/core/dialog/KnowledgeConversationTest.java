package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.knowledge.KnowledgeDesk;
import io.shaozi.nlp.knowledge.KnowledgeEntry;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Residents' questions answered from the knowledge base over real HTTP on the chat page, next to reports that still
 * become tickets; operators edit entries through the admin API and the next question gets the edit.
 */
class KnowledgeConversationTest {
    private static final String ADMIN = "admin-token-for-tests";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private TestServer start() throws Exception {
        return TestServer.start(dir.resolve("data"), Optional.empty(),
                Map.of("admin.token", ADMIN, "knowledge.dir", dir.resolve("kb").toString()), Clock.systemUTC(), b -> b);
    }

    private static KnowledgeEntry shipped(String id) {
        return KnowledgeDesk.shipped().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private static HttpResponse<String> put(TestServer s, String id, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.uri("/api/knowledge/" + id)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode list(TestServer s, String q) throws Exception {
        HttpResponse<String> r = s.getWithHeaders("/api/knowledge" + (q.isEmpty() ? "" : "?q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8)), Map.of("Authorization", "Bearer " + ADMIN));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void question_getsTheEntry_complaintGetsTheTicketFlow() throws Exception {
        try (TestServer s = start()) {
            ChatClient me = new ChatClient(s, "web-kb-1");
            String answer = me.say("社区居委会周六上班吗？我想开个居住证明");
            KnowledgeEntry hours = shipped("office-hours");
            assertThat(answer).contains("【" + hours.title() + "】").contains(hours.answer()).contains("依据：");

            // unsure between the two cards: the titles by number, and the number gets the answer
            KnowledgeEntry card = shipped("beijing-card-elderly");
            String choice = me.say("我妈今年六十了，老年卡在哪儿办？");
            assertThat(choice).startsWith("您想问的是哪一项？").contains("1 " + card.title()).contains("0 都不是");
            assertThat(me.say("1")).contains("【" + card.title() + "】").contains(card.answer());
            assertThat(me.say("1")).as("the choice is over: 1 is a rating again, with nothing to rate")
                    .doesNotContain(card.answer());

            String report = me.say("楼道灯坏了好几天了，晚上上下楼看不见");
            assertThat(report).contains("具体位置").doesNotContain("【");
            assertThat(me.say("取消")).contains("已取消");
        }
    }

    @Test
    void nothingFits_offersToRegister_and登记OpensTheRequest() throws Exception {
        try (TestServer s = start()) {
            ChatClient me = new ChatClient(s, "web-kb-2");
            assertThat(me.say("护照去哪里办理？")).isEqualTo(KnowledgeTurns.OFFER);
            String registered = me.say("登记");
            assertThat(registered).doesNotContain("没有找到").containsAnyOf("工单号", "具体位置", "哪方面");
            ChatClient other = new ChatClient(s, "web-kb-3");
            assertThat(other.say("护照去哪里办理？")).isEqualTo(KnowledgeTurns.OFFER);
            assertThat(other.say("人工")).contains("转接人工");
        }
    }

    @Test
    void aComplaint_becomesATicketFlow_evenWhenAnEntryCoversItsWords() throws Exception {
        try (TestServer s = start()) {
            // an entry written in the very words of a complaint: a statement that matches it this well would be
            // answered with it, but a complaint or a report is never answered from the knowledge base
            HttpResponse<String> created = put(s, "fees", "application/json", Json.text(Map.of("title", "物业乱收费怎么办",
                    "questions", java.util.List.of("物业乱收费", "物业公司乱收停车费"),
                    "answer", "物业收费须按合同和明码标价执行。")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ChatClient me = new ChatClient(s, "web-kb-complaint");
            assertThat(me.say("物业公司乱收停车费")).doesNotContain("明码标价").doesNotContain("【");
            ChatClient other = new ChatClient(s, "web-kb-question");
            assertThat(other.say("物业公司乱收停车费怎么办？")).as("the same words as a question get the entry")
                    .contains("明码标价");
        }
    }

    @Test
    void answersInTheMarkdownSubset_reachTheResidentAsPlainText_andTheShippedOnesUnchanged() throws Exception {
        for (KnowledgeEntry e : KnowledgeDesk.shipped()) {
            assertThat(io.shaozi.core.content.Markdown.toPlainText(e.answer())).as(e.id()).isEqualTo(e.answer());
        }
        try (TestServer s = start()) {
            HttpResponse<String> r = put(s, "pool", "application/json", Json.text(Map.of("title", "社区游泳馆开放时间",
                    "questions", java.util.List.of("游泳馆几点开门"), "answer",
                    "每天 **9:00—21:00** 开放：\n- 周一上午闭馆\n- 节假日照常\n详见[体育中心](https://example.org/pool)")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(new ChatClient(s, "web-kb-md").say("游泳馆几点开门？")).isEqualTo("【社区游泳馆开放时间】\n"
                    + "每天 9:00—21:00 开放：\n\n• 周一上午闭馆\n• 节假日照常\n\n详见体育中心（https://example.org/pool）\n"
                    + KnowledgeTurns.FOOTER);
        }
    }

    @Test
    void operatorEdits_areAnsweredAtOnce_andBadEntriesAreRefusedNamingTheField() throws Exception {
        try (TestServer s = start()) {
            assertThat(list(s, "").get("source").asText()).isEqualTo("shipped");
            HttpResponse<String> created = put(s, "pool", "application/json", Json.text(Map.of("title", "社区游泳馆开放时间",
                    "questions", java.util.List.of("游泳馆几点开门", "游泳馆周末开吗"), "answer", "每天 9:00—21:00，周一上午闭馆清洁。")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(Files.exists(dir.resolve("kb").resolve("pool.md"))).isTrue();
            assertThat(Files.exists(dir.resolve("kb").resolve("office-hours.md"))).as("seeded with the shipped entries").isTrue();
            ChatClient me = new ChatClient(s, "web-kb-4");
            assertThat(me.say("游泳馆礼拜一上午开门吗？")).contains("周一上午闭馆清洁");

            HttpResponse<String> md = put(s, "pool", "text/markdown; charset=utf-8",
                    "# 社区游泳馆开放时间\n问：游泳馆几点开门\n\n每天 10:00—20:00。\n");
            assertThat(md.statusCode()).as(md.body()).isEqualTo(200);
            assertThat(me.say("游泳馆几点开门呀？")).contains("10:00—20:00");

            JsonNode q = list(s, "游泳馆几点开门？").get("query");
            assertThat(q.get("decision").asText()).isEqualTo("answer");
            assertThat(q.get("hits").get(0).get("id").asText()).isEqualTo("pool");

            HttpResponse<String> noTitle = put(s, "x", "application/json", "{\"answer\": \"答\"}");
            assertThat(noTitle.statusCode()).isEqualTo(400);
            assertThat(noTitle.body()).contains("title");
            HttpResponse<String> control = put(s, "x", "application/json", "{\"title\": \"t\\u0007\", \"answer\": \"答\"}");
            assertThat(control.statusCode()).isEqualTo(400);
            assertThat(control.body()).contains("title");
            HttpResponse<String> badId = put(s, "a.b", "application/json", "{\"title\": \"t\", \"answer\": \"答\"}");
            assertThat(badId.statusCode()).isEqualTo(400);
            assertThat(badId.body()).contains("id");
            HttpResponse<String> long_ = put(s, "x", "application/json",
                    Json.text(Map.of("title", "t", "answer", "答".repeat(KnowledgeEntry.MAX_ANSWER + 1))));
            assertThat(long_.statusCode()).isEqualTo(400);
            assertThat(long_.body()).contains("answer");
            assertThat(Files.exists(dir.resolve("kb").resolve("x.md"))).as("nothing written").isFalse();
            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(s.uri("/api/knowledge")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
        }
    }
}
