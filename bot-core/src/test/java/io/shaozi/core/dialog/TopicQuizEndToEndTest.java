package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.quiz.Question;
import io.shaozi.core.quiz.QuestionBank;
import io.shaozi.core.quiz.QuestionCsv;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 专项答题 over real HTTP: a cadre creates topics (bad ones refused with the reason), each announced to the members
 * it is for who opted in; a member lists the open ones
 * of their branch on /chat/, takes one (the listed questions in order, points), cannot take it twice, and a topic
 * past its deadline is refused; the secretary's report (JSON and both CSVs) shows each topic's completion.
 */
class TopicQuizEndToEndTest {
    private static final String ADMIN = "topic-admin-token";
    private static final List<Question> BANK = ((QuestionCsv.Result.Parsed) QuestionCsv.parse(QuestionBank.sampleBytes()))
            .questions();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");

    private TestServer start() throws Exception {
        Path orgFile = dir.resolve("org.yaml");
        String org = Files.readString(Path.of("../config/org.yaml"))
                .replace("{id: \"dy-002\", name: \"王芳\", role: member, branch: \"zb-dfx-1\", phone: \"13800100102\"}",
                        "{id: \"dy-002\", name: \"王芳\", role: member, branch: \"zb-dfx-1\", phone: \"13800100102\","
                                + " notify: {channel: generic, account: chat, recipient: \"web-wangfang\"}}");
        assertThat(org).contains("web-wangfang");
        Files.writeString(orgFile, org);
        Path cfg = dir.resolve("topic.yaml");
        Files.writeString(cfg, "admin:\n  token: " + ADMIN + "\nschedule:\n  pollSeconds: 1\n");
        return TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of("tickets.orgFile", orgFile.toString(),
                "dialog.chatPageStaff", "true"), clock, b -> b);
    }

    private static HttpResponse<String> post(TestServer s, String path, String body) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(s.uri(path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return java.net.http.HttpClient.newHttpClient().send(b.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(TestServer s, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(s.uri(path))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String topic(String code, String questions, String branch, String deadline) {
        return "{\"code\": \"" + code + "\", \"name\": \"专项" + code + "\", " + questions
                + (branch == null ? "" : ", \"branch\": \"" + branch + "\"") + ", \"deadline\": \"" + deadline + "\"}";
    }

    @Test
    void member_takesAnOpenTopicOfTheirBranch_once_andALateOneIsRefused() throws Exception {
        String q1 = BANK.get(0).id();
        String q2 = BANK.get(1).id();
        String ids = "\"questions\": [\"" + q1 + "\", \"" + q2 + "\"]";
        TestServer s = start();
        try {
            ChatClient wang = new ChatClient(s, "web-wangfang");
            assertThat(wang.say("订阅答题")).startsWith("已订阅每日一题");
            wang.markPushes();
            HttpResponse<String> created = post(s, "/api/quiz/topics", topic("dz2026", ids, "zb-dfx-1",
                    "2026-12-10T18:00:00+08:00"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode t = Json.parse(created.body().getBytes(StandardCharsets.UTF_8));
            assertThat(t.get("questions").get(0).asText()).isEqualTo(q1);
            assertThat(post(s, "/api/quiz/topics", topic("dz2026", ids, null, "2026-12-10T18:00:00+08:00"))
                    .statusCode()).isEqualTo(409);
            assertThat(post(s, "/api/quiz/topics", topic("late", ids, null, "2026-12-01T11:00:00+08:00"))
                    .statusCode()).isEqualTo(201);
            assertThat(post(s, "/api/quiz/topics", topic("sj", ids, "zb-sj-1", "2026-12-10T18:00:00+08:00"))
                    .statusCode()).isEqualTo(201);
            // refused, each with its reason
            assertThat(post(s, "/api/quiz/topics", topic("x1", "\"questions\": [\"no-such-q\"]", null,
                    "2026-12-10T18:00:00+08:00")).body()).contains("no-such-q");
            assertThat(post(s, "/api/quiz/topics", topic("x2", ids, null, "2026-11-30T18:00:00+08:00")).body())
                    .contains("past");
            assertThat(post(s, "/api/quiz/topics", topic("x3", ids + ", \"category\": \"党章党规\"", null,
                    "2026-12-10T18:00:00+08:00")).body()).contains("either category or questions");
            assertThat(post(s, "/api/quiz/topics", topic("x4", ids, "zb-none", "2026-12-10T18:00:00+08:00"))
                    .statusCode()).isEqualTo(404);
            assertThat(post(s, "/api/quiz/topics", topic("x5", "\"category\": \"没有的分类\"", null,
                    "2026-12-10T18:00:00+08:00")).body()).contains("no active question");

            // each new topic of her branch or of the whole street is announced to her (she opted in), not sj's
            List<String> notices = wang.pushes(2);
            assertThat(notices).hasSize(2).anySatisfy(n -> assertThat(n).startsWith("【专项答题】专项dz2026")
                    .contains("截止：12月10日18:00").contains("回复“专项 dz2026”开始作答"))
                    .anySatisfy(n -> assertThat(n).startsWith("【专项答题】专项late"))
                    .noneSatisfy(n -> assertThat(n).contains("专项sj"));
            String list = wang.say("专项");
            assertThat(list).contains("专项dz2026（代码 dz2026，截止 12月10日 18:00）").contains("专项late")
                    .doesNotContain("专项sj");
            assertThat(wang.say("专项 sj")).as("another branch's topic").contains("没有代码为“sj”的专项答题");

            String reply = wang.say("专项 dz2026");
            assertThat(reply).startsWith("开始专项答题《专项dz2026》，共 2 题").contains("【专项答题 第1/2题·");
            QuizEndToEndTest.Shown shown = QuizEndToEndTest.shown(reply);
            assertThat(shown.question().id()).isEqualTo(q1);
            clock.advance(Duration.ofSeconds(10));
            reply = wang.say(shown.answer());
            QuizEndToEndTest.assertFeedback(reply, shown, true);
            shown = QuizEndToEndTest.shown(reply);
            assertThat(shown.question().id()).isEqualTo(q2);
            clock.advance(Duration.ofSeconds(10));
            reply = wang.say(QuizEndToEndTest.wrong(shown));
            QuizEndToEndTest.assertFeedback(reply, shown, false);
            assertThat(reply).contains("专项答题结束：答对 1/2 题，得 1 分");
            assertThat(wang.say("专项 dz2026")).contains("您已参加过专项答题《专项dz2026》（答对 1/2 题）");
            assertThat(wang.say("积分")).startsWith("今日 1 分");

            clock.advance(Duration.ofHours(1)); // past 11:00
            assertThat(wang.say("专项 late")).contains("已于 12月1日 11:00 截止");
            assertThat(wang.say("专项")).doesNotContain("专项late");

            HttpResponse<String> all = get(s, "/api/quiz/topics");
            assertThat(Json.parse(all.body().getBytes(StandardCharsets.UTF_8)).get("topics").findValuesAsText("code"))
                    .containsExactly("dz2026", "sj", "late");

            // the secretary's report of the branch: each topic's completion, who has not completed it
            HttpResponse<String> rep = get(s, "/api/quiz/report?branch=zb-dfx-1");
            assertThat(rep.statusCode()).as(rep.body()).isEqualTo(200);
            JsonNode topics = Json.parse(rep.body().getBytes(StandardCharsets.UTF_8)).get("topics");
            assertThat(topics.findValuesAsText("code")).as("not another branch's").containsExactly("dz2026", "late");
            JsonNode dz = topics.get(0);
            assertThat(dz.get("members").asInt()).isEqualTo(2);
            assertThat(dz.get("completed").asInt()).isEqualTo(1);
            assertThat(dz.get("completionRate").asDouble()).isEqualTo(0.5);
            assertThat(dz.get("averageCorrect").asDouble()).isEqualTo(1.0);
            assertThat(dz.get("accuracy").asDouble()).isEqualTo(0.5);
            assertThat(dz.get("closed").asBoolean()).isFalse();
            assertThat(dz.get("deadline").asText()).isEqualTo("2026-12-10T10:00:00Z");
            assertThat(dz.get("notCompleted").findValuesAsText("id")).containsExactly("dy-001");
            assertThat(dz.get("notCompleted").get(0).get("state").asText()).isEqualTo("none");
            JsonNode late = topics.get(1);
            assertThat(late.get("closed").asBoolean()).as("past its deadline").isTrue();
            assertThat(late.get("completed").asInt()).isZero();
            assertThat(late.get("notCompleted").findValuesAsText("id")).containsExactly("dy-001", "dy-002");
            HttpResponse<String> csv = get(s, "/api/quiz/report-topics.csv?branch=zb-dfx-1");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).get().asString().startsWith("text/csv");
            assertThat(csv.body()).as("with the BOM Excel needs").startsWith("\uFEFFcode,name,branch,deadline,closed,members,completed,completionRate,"
                    + "inProgress,averageCorrect,averageAnswered,accuracy,flagged,notCompleted\n")
                    .contains("\ndz2026,专项dz2026,zb-dfx-1,2026-12-10T18:00+08:00,false,2,1,0.5,0,1.0,2.0,0.5,0,李明(dy-001)\n")
                    .contains("\nlate,专项late,,2026-12-01T11:00+08:00,true,2,0,0.0,0,0.0,0.0,0.0,0,李明(dy-001)；王芳(dy-002)\n");
            assertThat(get(s, "/api/quiz/report.csv?branch=zb-dfx-1").body())
                    .contains(",topicsCompleted,topicsNotCompleted\n").contains(",dz2026,late\n").contains(",,dz2026 late\n");
        } finally {
            s.close();
        }
    }
}
