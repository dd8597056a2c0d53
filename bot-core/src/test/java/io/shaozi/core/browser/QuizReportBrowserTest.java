package io.shaozi.core.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.dialog.ChatClient;
import io.shaozi.core.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A branch secretary reads the 党员答题报告 page on a phone and on a laptop: their branch's figures, the 专项答题
 * completion (completed, rate, average score, who is still in it, who has not completed it — after the deadline
 * too), the members who did not take part; both CSV buttons save the files the API gives; another branch is refused;
 * no horizontal scrolling at 390 px or on the laptop.
 */
class QuizReportBrowserTest {
    @TempDir
    static Path data;
    static TestServer server;
    static final MutableClock CLOCK = MutableClock.atBeijing("2026-12-03T10:00");
    static String secretary;

    @BeforeAll
    static void start() throws Exception {
        Browser.requireChromium();
        server = BrowserServer.start(data.resolve("data"), CLOCK, Map.of("dialog.chatPageStaff", "true"));
        String a = BrowserServer.ADMIN;
        BrowserServer.api(server, a, "POST", "/api/org/people",
                "{\"id\":\"sec-dfx\",\"name\":\"刘书记\",\"role\":\"secretary\",\"branch\":\"zb-dfx-1\"}");
        for (String[] m : List.of(new String[] {"dy-web1", "周学习"}, new String[] {"dy-web2", "吴进步"})) {
            BrowserServer.api(server, a, "POST", "/api/org/people", "{\"id\":\"" + m[0] + "\",\"name\":\"" + m[1]
                    + "\",\"role\":\"member\",\"branch\":\"zb-dfx-1\",\"alerts\":{\"channel\":\"generic\","
                    + "\"account\":\"chat\",\"recipient\":\"web-" + m[0] + "\"}}");
        }
        secretary = BrowserServer.api(server, a, "POST", "/api/org/people/sec-dfx/tokens", "{\"label\":\"t\"}")
                .path("token").asText();
        JsonNode qs = BrowserServer.api(server, a, "GET", "/api/quiz/questions?size=2", null).path("questions");
        String ids = "[\"" + qs.get(0).path("id").asText() + "\", \"" + qs.get(1).path("id").asText() + "\"]";
        // topics of the branch, created by its secretary: one open for a week, one closing within the hour
        BrowserServer.api(server, secretary, "POST", "/api/quiz/topics", "{\"code\":\"dfx-zx\",\"name\":"
                + "\"学习二十大精神专项\",\"questions\":" + ids + ",\"deadline\":\"2026-12-10T18:00:00+08:00\"}");
        BrowserServer.api(server, secretary, "POST", "/api/quiz/topics", "{\"code\":\"dfx-early\",\"name\":"
                + "\"接诉即办条例专项\",\"questions\":" + ids + ",\"deadline\":\"2026-12-03T11:00:00+08:00\"}");
        // 周学习 completes 专项 dfx-zx and the daily quiz; 吴进步 answers the first question of dfx-zx and stops
        ChatClient zhou = new ChatClient(server, "web-dy-web1");
        assertThat(zhou.say("专项 dfx-zx")).contains("开始专项答题《学习二十大精神专项》，共 2 题");
        answer(zhou, 2);
        assertThat(zhou.say("答题")).contains("第1/5题");
        answer(zhou, 5);
        ChatClient wu = new ChatClient(server, "web-dy-web2");
        assertThat(wu.say("专项 dfx-zx")).contains("共 2 题");
        answer(wu, 1);
        CLOCK.advance(Duration.ofHours(2)); // past dfx-early's deadline
    }

    /** Answers {@code n} questions with A, at a person's uneven pace. */
    static void answer(ChatClient member, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            CLOCK.advance(Duration.ofSeconds(9 + 4L * (i % 3)));
            assertThat(member.say("A")).contains("正确答案：");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static void logIn(Browser b, String token) {
        b.find("#token").sendKeys(token);
        b.find(".login button[type=submit]").click();
    }

    static void click(Browser b, String css) {
        WebElement e = b.find(css);
        b.js("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
    }

    static void noOverflow(Browser b, String where) {
        assertThat(b.overflow()).as("horizontal overflow: " + where).isLessThanOrEqualTo(0);
    }

    static String pct(double x) {
        return String.format(Locale.ROOT, "%.1f%%", Math.round(x * 1000) / 10.0);
    }

    /** A number as JavaScript writes it (2.0 → "2", 1.5 → "1.5"). */
    static String num(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** Clicks a CSV button and gives the saved file's text once Chromium has finished writing it. */
    static String download(Browser b, Path dir, String button, String name) throws Exception {
        click(b, button);
        Path file = dir.resolve(name);
        b.await("the download " + name, d -> Files.isRegularFile(file) && file.toFile().length() > 0 ? true : null);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    void secretaryReadsTheReport(Browser.Viewport viewport) throws Exception {
        JsonNode r = BrowserServer.api(server, secretary, "GET", "/api/quiz/report", null);
        JsonNode zx = r.path("topics").get(0);
        JsonNode early = r.path("topics").get(1);
        assertThat(zx.path("code").asText()).isEqualTo("dfx-zx");
        assertThat(early.path("code").asText()).isEqualTo("dfx-early");
        int members = zx.path("members").asInt();
        Path downloads = Files.createTempDirectory(data, "downloads-");
        try (Browser b = Browser.open(viewport)) {
            b.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                    "downloadPath", downloads.toString()));
            b.go(BrowserServer.url(server, "/console/quiz.html"));
            logIn(b, secretary);
            assertThat(b.find("#summary h2").getText()).isEqualTo("zb-dfx-1 · " + r.path("from").asText() + " 至 "
                    + r.path("to").asText());
            assertThat(b.find("#summary").getText()).contains("参与率").contains("（" + r.path("participants").asInt()
                    + "/" + r.path("members").asInt() + " 人）");

            // the topics: a row each, latest deadline first, then who has not completed each
            List<WebElement> rows = b.driver.findElements(By.cssSelector("#topics tbody tr"));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).getText()).contains("学习二十大精神专项（dfx-zx）").contains("12月10日 18:00")
                    .doesNotContain("已截止")
                    .contains("1/" + members + " 人（" + pct(zx.path("completionRate").asDouble()) + "），1 人答题中")
                    .contains(num(zx.path("averageCorrect").asDouble()) + "/2 题")
                    .contains(pct(zx.path("accuracy").asDouble()));
            assertThat(zx.path("completed").asInt()).isEqualTo(1);
            assertThat(rows.get(1).getText()).contains("接诉即办条例专项（dfx-early）").contains("12月3日 11:00（已截止）")
                    .contains("0/" + members + " 人（0.0%）").contains("—");
            String missing = b.find("#topics p.topic-missing[data-code='dfx-zx']").getText();
            assertThat(missing).startsWith("《学习二十大精神专项》尚未完成（" + (members - 1) + " 人）：")
                    .contains("吴进步（答题中）").contains("李明").contains("刘书记").doesNotContain("周学习");
            assertThat(b.find("#topics p.topic-missing[data-code='dfx-early']").getText())
                    .startsWith("《接诉即办条例专项》截止时未完成（" + members + " 人）：").contains("周学习");
            assertThat(b.find("#absent").getText()).contains("李明").doesNotContain("周学习");
            noOverflow(b, "report");
            assertThat(((Number) b.js("var w = document.querySelector('#topics .table-wrap');"
                    + " return w.scrollWidth - w.clientWidth;")).longValue())
                    .as("the topic table fits without scrolling sideways").isLessThanOrEqualTo(0);
            b.js("window.scrollTo(0, document.getElementById('topics').getBoundingClientRect().top + window.scrollY"
                    + " - document.querySelector('header.top').offsetHeight - 8);");
            b.screenshot(BrowserServer.SHOTS.resolve("quiz-report-" + (viewport.mobile ? "phone" : "desktop")
                    + ".png"));

            // both CSV buttons save what the API gives
            Map<String, String> auth = Map.of("Authorization", "Bearer " + secretary);
            HttpResponse<String> topicsCsv = server.getWithHeaders("/api/quiz/report-topics.csv", auth);
            assertThat(topicsCsv.statusCode()).isEqualTo(200);
            String saved = download(b, downloads, "#csvTopics",
                    "专项答题完成情况-" + r.path("from").asText() + "-" + r.path("to").asText() + ".csv");
            assertThat(saved).isEqualTo(topicsCsv.body()).contains("dfx-zx,学习二十大精神专项,zb-dfx-1,");
            HttpResponse<String> reportCsv = server.getWithHeaders("/api/quiz/report.csv", auth);
            saved = download(b, downloads, "#csv",
                    "党员答题报告-" + r.path("from").asText() + "-" + r.path("to").asText() + ".csv");
            assertThat(saved).isEqualTo(reportCsv.body()).contains("dy-web1,周学习,zb-dfx-1,");

            // another branch: refused with the reason, still no sideways scrolling
            b.go(BrowserServer.url(server, "/console/quiz.html#branch=zb-sj-1"));
            b.await("the refusal", d -> d.findElement(By.id("main")).getText().contains("没有权限") ? true : null);
            assertThat(b.find("#main .alert").getText()).contains("支部书记只能查看本支部（zb-dfx-1）的数据");
            noOverflow(b, "refusal");
        }
    }

    @Test
    void secretaryOnAPhone_seesTheReportWithTopicCompletion_andSavesBothCsvs() throws Exception {
        secretaryReadsTheReport(Browser.Viewport.PHONE);
    }

    @Test
    void secretaryOnADesktop_seesTheReportWithTopicCompletion_andSavesBothCsvs() throws Exception {
        secretaryReadsTheReport(Browser.Viewport.DESKTOP);
    }
}
