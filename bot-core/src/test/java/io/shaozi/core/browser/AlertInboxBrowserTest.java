package io.shaozi.core.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import io.shaozi.core.http.Json;
import io.shaozi.core.testing.Await;
import io.shaozi.core.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The alert ladder as people meet it, in Chromium on phones: a resident reports a gas smell on /chat/, the on-duty
 * cadre of 区城管委 sees it in the console's alert inbox (and on his own chat page, opened from the console), the
 * fake clock passes the 5 acknowledgement minutes and the alert climbs one step, he clicks 确认 and it climbs no
 * further. The scheduler's ladder job runs every second of real time; its due times follow the fake clock.
 */
class AlertInboxBrowserTest {
    /** alerts.emergency.ackMinutes of config/shaozi.yaml, and a second more. */
    static final Duration PAST_ACK = Duration.ofMinutes(5).plusSeconds(1);

    @TempDir
    static Path data;
    static TestServer server;
    static final MutableClock clock = MutableClock.atBeijing("2026-12-07T10:00"); // Monday: 钱进 (cgw-001) on duty

    @BeforeAll
    static void start() throws Exception {
        Browser.requireChromium();
        server = BrowserServer.start(data, clock, Map.of("alerts.scanEverySeconds", "1", "schedule.pollSeconds", "1"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The alert of {@code number} as the inbox API lists it for the operator (who sees all), or an empty node. */
    static JsonNode alert(String number) throws Exception {
        for (JsonNode it : BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/alerts", null).path("items")) {
            if (it.path("ticket").asText().equals(number)) {
                return it;
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    /** Lets the ladder job run (1 s of the fake clock per check, as AlertsEndToEndTest does) until {@code steps}. */
    static void awaitSteps(String number, int steps) throws Exception {
        Await.until(() -> number + " at step " + steps, Duration.ofSeconds(30), () -> {
            clock.advance(Duration.ofSeconds(1));
            return alert(number).path("steps").asInt() == steps;
        });
    }

    /** The text of the inbox card of {@code number} (read in one go: the inbox re-renders on every poll). */
    static String card(Browser b, String number) {
        Object t = b.js("var c = document.querySelector(\".alert-item[data-ticket='\" + arguments[0] + \"']\");"
                + " return c ? c.innerText : null;", number);
        return t == null ? null : t.toString();
    }

    /** Waits until the inbox card of {@code number} (the console polls every few seconds) contains {@code text}. */
    static String awaitCard(Browser b, String number, String text) {
        return b.await("the inbox card of " + number + " showing " + text, d -> {
            String c = card(b, number);
            return c != null && c.contains(text) ? c : null;
        });
    }

    @Test
    void emergencyOnTheChatPage_reachesTheCadresInbox_climbsOneStep_andStopsWhenHeClicks确认() throws Exception {
        try (Browser resident = Browser.open(Browser.Viewport.PHONE); Browser cadre = Browser.open(Browser.Viewport.PHONE)) {
            // 钱进 signs in to the console under his own name and opens the alert inbox
            cadre.go(BrowserServer.url(server, "/console/#token=" + BrowserServer.ADMIN));
            new Select(cadre.await("the identity list", d -> d.findElements(
                    By.cssSelector("#identity option[value='cgw-001']")).isEmpty() ? null : d.findElement(By.id("identity"))))
                    .selectByValue("cgw-001");
            cadre.find("#identityGo").click();
            cadre.await("the ticket list", d -> d.findElements(By.cssSelector("table.tickets")).isEmpty() ? null : true);
            cadre.find("#nav a[data-nav='alerts']").click();
            cadre.await("the empty inbox", d -> d.findElement(By.id("main")).getText().contains("没有待确认的告警") ? true : null);
            assertThat(cadre.driver.findElement(By.id("alertCount")).isDisplayed()).isFalse();

            // ... and his own chat page from there: a signed link opened in a new window
            String console = cadre.driver.getWindowHandle();
            cadre.find("#chatAsMe").click();
            String chat = cadre.await("the chat window", d -> d.getWindowHandles().stream()
                    .filter(h -> !h.equals(console)).findFirst().orElse(null));
            cadre.driver.switchTo().window(chat);
            cadre.await("his chat page", d -> d.getCurrentUrl().contains("/chat/")
                    && !d.findElements(By.cssSelector("#log .greet")).isEmpty() ? true : null);
            cadre.driver.switchTo().window(console);

            // the resident smells gas and says where
            resident.go(BrowserServer.url(server, "/chat/"));
            resident.find("#log .greet");
            String opened = ChatPageBrowserTest.say(resident, "楼道里有很浓的煤气味", "工单号");
            Matcher m = Pattern.compile("工单号 (\\d{12})").matcher(opened);
            assertThat(m.find()).as(opened).isTrue();
            String number = m.group(1);
            ChatPageBrowserTest.say(resident, "多福巷12号楼", "已记录位置");
            JsonNode ticket = BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/tickets/" + number, null);
            assertThat(ticket.path("urgency").asText()).isEqualTo("EMERGENCY");
            assertThat(ticket.path("department").asText()).isEqualTo("qu-cgw");

            // step 1 (通知) in his inbox, with the unacknowledged count on 告警 in the navigation
            awaitSteps(number, 1);
            String first = awaitCard(cadre, number, "第1级 · 通知");
            assertThat(first).contains("紧急", "煤气味", "确认");
            cadre.await("the badge 1 on 告警", d -> "1".equals(d.findElement(By.id("alertCount")).getText()) ? true : null);
            assertThat(cadre.overflow()).as("inbox overflow").isLessThanOrEqualTo(0);
            // ... and on his chat page
            cadre.driver.switchTo().window(chat);
            cadre.await("the alert on his chat page", d -> d.findElement(By.id("log")).getText().contains(number) ? true : null);
            cadre.driver.switchTo().window(console);

            // nobody acknowledges for 5 minutes: the ladder climbs one step, which the inbox shows by itself
            clock.advance(PAST_ACK);
            awaitSteps(number, 2);
            String second = awaitCard(cadre, number, "第2级 · 加急");
            assertThat(second).contains("确认");
            assertThat(cadre.find("#alertCount").getText()).isEqualTo("1");
            cadre.js("var t = document.getElementById('toast'); while (t.firstChild) t.removeChild(t.firstChild);");
            cadre.screenshot(BrowserServer.SHOTS.resolve("console-phone-alerts.png"));

            // 确认: the card says who acknowledged it and the badge goes
            cadre.find(".alert-item[data-ticket='" + number + "'] button.ack").click();
            awaitCard(cadre, number, "已确认：钱进");
            cadre.await("the badge gone", d -> d.findElement(By.id("alertCount")).isDisplayed() ? null : true);
            JsonNode acked = alert(number);
            assertThat(acked.path("open").asBoolean()).isFalse();
            assertThat(acked.path("ackedBy").asText()).isEqualTo("钱进");
            assertThat(cadre.overflow()).as("inbox overflow after 确认").isLessThanOrEqualTo(0);

            // more than another 5 minutes pass: a second, unanswered emergency climbs (so the ladder job did run
            // past the first one's next due time), the acknowledged one stays at step 2
            String control = BrowserServer.api(server, BrowserServer.ADMIN, "POST", "/api/tickets", "{\"text\":\"单元门口有煤气味\","
                    + "\"category\":\"城乡建设\",\"subcategory\":\"燃气安全\",\"urgency\":\"EMERGENCY\",\"place\":\"多福巷14号楼\"}")
                    .path("number").asText();
            awaitSteps(control, 1);
            clock.advance(PAST_ACK);
            awaitSteps(control, 2);
            assertThat(alert(number).path("steps").asInt()).as("steps after acknowledgement").isEqualTo(2);
            awaitCard(cadre, control, "第2级 · 加急");
            assertThat(card(cadre, number)).contains("第2级 · 加急", "已确认：钱进").doesNotContain("第3级");

            // the ticket's timeline: two steps and the acknowledgement, no third step
            cadre.go(BrowserServer.url(server, "/console/#/tickets/" + number));
            String timeline = cadre.find(".timeline").getText();
            assertThat(timeline).contains("第1级告警（通知）", "第2级告警（加急）", "告警已确认")
                    .doesNotContain("第3级告警");
            assertThat(cadre.overflow()).as("detail overflow").isLessThanOrEqualTo(0);
            List<String> events = new ArrayList<>();
            BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/tickets/" + number, null).path("events")
                    .forEach(e -> events.add(e.path("type").asText()));
            assertThat(events.stream().filter("ALERTED"::equals).count()).isEqualTo(2);
            assertThat(events).contains("ALERT_ACKED");
        }
    }
}
