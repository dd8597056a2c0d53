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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Party member takes the daily quiz on the /chat/ page over real HTTP, with a server restart in the middle of the
 * attempt: questions are stem + one option per line, answers are letters in any form, each answer is followed by
 * 正确/错误, the right answer in the member's letters and the explanation; 积分 and 排行 add up; a redelivered
 * answer counts once; a non-member is told quizzes are for members; the secretary's report sees it all.
 */
class QuizEndToEndTest {
    private static final String ADMIN = "quiz-admin-token";
    private static final List<Question> BANK = ((QuestionCsv.Result.Parsed) QuestionCsv.parse(QuestionBank.sampleBytes()))
            .questions();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atBeijing("2026-12-01T10:00");

    private TestServer start() throws Exception {
        Path orgFile = dir.resolve("org.yaml");
        if (!Files.exists(orgFile)) {
            String org = Files.readString(Path.of("../config/org.yaml"))
                    .replace("notify: {channel: wecom, account: gov, recipient: \"liming\"}",
                            "notify: {channel: generic, account: chat, recipient: \"web-liming\"}")
                    .replace("{id: \"dy-002\", name: \"王芳\", role: member, branch: \"zb-dfx-1\", phone: \"13800100102\"}",
                            "{id: \"dy-002\", name: \"王芳\", role: member, branch: \"zb-dfx-1\", phone: \"13800100102\","
                                    + " notify: {channel: generic, account: chat, recipient: \"web-wangfang\"}}");
            assertThat(org).contains("web-liming").contains("web-wangfang");
            Files.writeString(orgFile, org);
        }
        Path cfg = dir.resolve("quiz.yaml");
        Files.writeString(cfg, "admin:\n  token: " + ADMIN + "\nschedule:\n  pollSeconds: 1\n");
        return TestServer.start(dir.resolve("data"), Optional.of(cfg), Map.of("tickets.orgFile", orgFile.toString(),
                "dialog.chatPageStaff", "true"), clock, b -> b);
    }

    /** The question shown last in a reply, and its right answer in the letters shown. */
    record Shown(Question question, String answer, List<String> options) {
    }

    static Shown shown(String reply) {
        String[] lines = reply.split("\n");
        int first = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("A. ")) {
                first = i;
            }
        }
        assertThat(first).as(reply).isPositive();
        String stem = lines[first - 1];
        Question question = BANK.stream()
                .filter(x -> x.stem().equals(stem) || x.paraphrases().contains(stem)).findFirst()
                .orElseThrow(() -> new AssertionError("not a bank stem: " + stem + "\n" + reply));
        List<String> options = new ArrayList<>();
        for (int i = first; i < lines.length && lines[i].matches("^[A-D]\\. .*"); i++) {
            assertThat(lines[i].charAt(0)).isEqualTo(Question.LETTERS.charAt(options.size()));
            options.add(lines[i].substring(3));
        }
        assertThat(options).containsExactlyInAnyOrderElementsOf(question.options());
        StringBuilder answer = new StringBuilder();
        for (char c : question.answer().toCharArray()) {
            answer.append(Question.LETTERS.charAt(options.indexOf(question.options().get(c - 'A'))));
        }
        char[] sorted = answer.toString().toCharArray();
        java.util.Arrays.sort(sorted);
        return new Shown(question, new String(sorted), options);
    }

    /** The wording (the stem or a paraphrase) of the question in a message, which must be its first line. */
    static String shownStem(String message) {
        Question q = shown(message).question();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(q.stem()), q.paraphrases().stream())
                .filter(w -> message.startsWith(w + "\n")).findFirst().orElse(q.stem());
    }

    /** The answer written as a member might: lower case, full width, separated, with 选. */
    static String written(String letters, int style) {
        return switch (style % 4) {
            case 0 -> letters.toLowerCase();
            case 1 -> "选" + String.join("、", letters.split(""));
            case 2 -> letters.chars().mapToObj(c -> String.valueOf((char) (c - 'A' + 'Ａ'))).reduce("", String::concat);
            default -> String.join(" ", letters.split(""));
        };
    }

    static String wrong(Shown s) {
        for (char c = 'A'; c < 'A' + s.options().size(); c++) {
            if (!s.answer().equals(String.valueOf(c))) {
                return String.valueOf(c);
            }
        }
        throw new AssertionError();
    }

    static void assertFeedback(String reply, Shown s, boolean right) {
        assertThat(reply).as(reply).startsWith(right ? "正确！+1 分" : "错误。");
        assertThat(reply).contains("正确答案：" + s.answer());
        if (!s.question().explanation().isBlank()) {
            assertThat(reply).contains("解析：" + s.question().explanation());
        }
    }

    @Test
    void member_takesTheDailyQuiz_acrossARestart_thenSeesPointsAndRanking() throws Exception {
        TestServer server = start();
        try {
            assertThat(new ChatClient(server, "web-resident-q1").say("答题")).contains("面向本街道登记的党员");
            ChatClient li = new ChatClient(server, "web-liming");
            String reply = li.say("答题");
            assertThat(reply).startsWith("开始每日答题，共 5 题").contains("【每日答题 第1/5题·");
            Shown s = shown(reply);
            clock.advance(Duration.ofSeconds(10));
            assertThat(li.say("E")).startsWith("没有选项“E”").contains("【每日答题 第1/5题·");
            for (int i = 0; i < 2; i++) {
                clock.advance(Duration.ofSeconds(10 + 3 * i)); // people answer unevenly (fair play)
                reply = li.say(written(s.answer(), i));
                assertFeedback(reply, s, true);
                assertThat(reply).contains("【每日答题 第" + (i + 2) + "/5题·");
                s = shown(reply);
            }
            // a redelivery of the same message (platform retry) does not count again
            clock.advance(Duration.ofSeconds(17));
            reply = li.sayWithId(written(s.answer(), 2), "quiz-retry-1");
            assertFeedback(reply, s, true);
            assertThat(li.sayWithId(written(s.answer(), 2), "quiz-retry-1")).isEqualTo(reply);
            s = shown(reply);
            assertThat(reply).contains("【每日答题 第4/5题·");
            // restart in the middle of the attempt: the same question, same option order, continues
            server.close();
            server = start();
            li.reconnect(server);
            clock.advance(Duration.ofSeconds(8));
            reply = li.say(wrong(s));
            assertFeedback(reply, s, false);
            s = shown(reply);
            clock.advance(Duration.ofSeconds(21));
            reply = li.say(written(s.answer(), 3));
            assertFeedback(reply, s, true);
            assertThat(reply).contains("本轮每日答题结束：答对 4/5 题，本轮得 4 分").contains("已连续答题 1 天");
            assertThat(li.say("积分")).isEqualTo("今日 4 分，累计 4 分，连续答题 1 天");
            String rank = li.say("排行");
            assertThat(rank).contains("近30天支部排行").contains("1. 多福巷社区第一党支部 2.0 分（2 人）")
                    .contains("您近30天得 4 分，在本支部 2 人中排第 1 名");
            ChatClient wang = new ChatClient(server, "web-wangfang");
            assertThat(wang.say("积分")).isEqualTo("今日 0 分，累计 0 分，连续答题 0 天");
            assertThat(wang.say("排行")).contains("在本支部 2 人中排第 2 名");
            assertThat(wang.say("A")).as("no open question: not a quiz answer").doesNotContain("正确答案");
            assertThat(wang.say("订阅答题")).startsWith("已订阅每日一题");

            HttpResponse<String> r = server.getWithHeaders("/api/quiz/report?branch=zb-dfx-1&from=2026-12-01&to=2026-12-01",
                    Map.of("Authorization", "Bearer " + ADMIN));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode j = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
            assertThat(j.get("members").asInt()).isEqualTo(2);
            assertThat(j.get("participants").asInt()).isEqualTo(1);
            assertThat(j.get("participationRate").asDouble()).isEqualTo(0.5);
            assertThat(j.get("averagePoints").asDouble()).isEqualTo(2.0);
            assertThat(j.get("flagged").asInt()).isZero();
            int answered = 0;
            for (JsonNode c : j.get("accuracyByCategory")) {
                answered += c.get("answered").asInt();
            }
            assertThat(answered).isEqualTo(5);
            assertThat(j.get("absent")).extracting(n -> n.get("id").asText()).containsExactly("dy-002");
            HttpResponse<String> csv = server.getWithHeaders("/api/quiz/report.csv?branch=zb-dfx-1",
                    Map.of("Authorization", "Bearer " + ADMIN));
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.body()).contains("dy-001,李明,zb-dfx-1,4,5,4,0,true").contains("dy-002,王芳,zb-dfx-1,0,0,0,0,false");
            assertThat(server.get("/api/quiz/report").statusCode()).isEqualTo(401);
        } finally {
            server.close();
        }
    }

    @Test
    void optedInMember_getsTheQuestionOfTheDayPushedAt8_andAnswersItInChat() throws Exception {
        try (TestServer server = start()) {
            ChatClient wang = new ChatClient(server, "web-wangfang");
            assertThat(wang.say("订阅答题")).startsWith("已订阅每日一题");
            ChatClient li = new ChatClient(server, "web-liming");
            assertThat(li.say("订阅答题")).startsWith("已订阅每日一题");
            assertThat(li.say("退订答题")).startsWith("已退订每日一题");
            wang.markPushes();
            li.markPushes();
            clock.setBeijing("2026-12-02T08:00:01"); // Wednesday, a working day
            List<String> pushed = wang.pushes(1);
            assertThat(pushed).hasSize(1);
            assertThat(pushed.get(0)).startsWith(shownStem(pushed.get(0))).contains("【每日一题·").contains("回复“答题”开始今天的每日答题").contains("退订答题");
            Shown s = shown(pushed.get(0));
            clock.advance(Duration.ofMinutes(90)); // not timed: answered when read
            String reply = wang.say(written(s.answer(), 1));
            assertFeedback(reply, s, true);
            assertThat(reply).contains("每日一题已完成，得 1 分");
            assertThat(wang.say("每日一题")).contains("今天的每日一题您已作答");
            assertThat(wang.say("积分")).isEqualTo("今日 1 分，累计 1 分，连续答题 0 天");
            assertThat(li.pushes(0)).as("opted out").isEmpty();
        }
    }
}
