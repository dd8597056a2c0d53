package io.shaozi.core.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.app.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The /chat/ page in Chromium on a 390×844 phone: the README transcript, history after a reload, pushes while away. */
class ChatPageBrowserTest {
    @TempDir
    static Path data;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Browser.requireChromium();
        server = BrowserServer.start(data);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Types a message, sends it and waits until a reply bubble after it contains {@code expected}. */
    static String say(Browser b, String text, String expected) {
        int before = b.driver.findElements(By.cssSelector("#log .row")).size();
        WebElement input = b.find("#t");
        input.sendKeys(text);
        b.find("#send").click();
        return b.await("a reply to '" + text + "' containing '" + expected + "'", d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#log .row"));
            for (int i = before; i < rows.size(); i++) {
                String t = rows.get(i).getText();
                if (!rows.get(i).getAttribute("class").contains(" me") && t.contains(expected)) {
                    return t;
                }
            }
            return null;
        });
    }

    static String awaitPush(Browser b, String expected) {
        return b.await("a push containing '" + expected + "'", d -> d.findElements(By.cssSelector("#log .row.push"))
                .stream().map(WebElement::getText).filter(t -> t.contains(expected)).findFirst().orElse(null));
    }

    @Test
    void readmeTranscript_onAPhone_reproducesWithPushesStyledApart_andSurvivesAReload() throws Exception {
        try (Browser b = Browser.open(Browser.Viewport.PHONE)) {
            b.go(BrowserServer.url(server, "/chat/"));
            String greeting = b.find("#log .greet").getText();
            assertThat(greeting).contains("我可以帮您", "反映问题", "查进度", "评价");
            assertThat(b.driver.findElement(By.id("log")).getText()).doesNotContain("体验账号", "web-");
            assertThat(b.innerWidth()).isEqualTo(390);

            say(b, "你好", "您好！有什么需要社区帮忙的，直接说就行。回复“帮助”查看常用指令。");
            say(b, "楼道灯坏了好几天了，晚上上下楼看不见", "请问具体位置在哪里？例如“幸福小区3号楼2单元”，也可以直接发送位置。");
            say(b, "幸福小区3号楼2单元", "如方便，请发一张现场照片；没有照片回复“跳过”。");
            String opened = say(b, "跳过", "已受理，工单号");
            Matcher m = Pattern.compile("工单号 (\\d{12})").matcher(opened);
            assertThat(m.find()).as(opened).isTrue();
            String number = m.group(1);
            assertThat(opened).contains("已派【街道城市管理办公室】办理");
            say(b, "查询 " + number, "工单 " + number + "：已派单｜街道城市管理办公室");

            BrowserServer.act(server, number, "{\"action\":\"accept\"}");
            assertThat(awaitPush(b, "您的工单 " + number + " 已由【街道城市管理办公室】签收，正在处理。"))
                    .startsWith("通知");
            BrowserServer.act(server, number, "{\"action\":\"progress\",\"note\":\"电工明早9点上门更换灯泡\"}");
            awaitPush(b, "工单 " + number + " 有新进展：电工明早9点上门更换灯泡");
            BrowserServer.act(server, number, "{\"action\":\"resolve\",\"note\":\"已更换3号楼2单元楼道灯\"}");
            String resolved = awaitPush(b, "您的工单 " + number + " 已办结：已更换3号楼2单元楼道灯");
            assertThat(resolved).contains("请评价：回复 1 满意，2 基本满意，3 不满意");
            // pushes look different from replies
            String pushBg = (String) b.js("return getComputedStyle(document.querySelector('#log .row.push .bubble')).backgroundColor");
            String replyBg = (String) b.js("return getComputedStyle(document.querySelector('#log .row.bot:not(.greet) .bubble')).backgroundColor");
            assertThat(pushBg).isNotEqualTo(replyBg);

            say(b, "3", "很抱歉没有让您满意。请说说哪里还没解决，我们会重新办理。");
            say(b, "2楼的灯还是不亮", "已收到您的意见，工单 " + number + " 将重新办理，进展会及时告诉您。");
            String mine = say(b, "我的工单", "您最近的工单：");
            assertThat(mine).contains(number + " 重办 楼道灯坏了好几天了，晚上…");
            assertThat(b.overflow()).as("horizontal overflow on the chat page").isLessThanOrEqualTo(0);
            b.screenshot(BrowserServer.SHOTS.resolve("chat-phone.png"));

            // a reload shows the conversation again, from the server
            b.driver.navigate().refresh();
            b.await("the history after a reload", d -> d.findElement(By.id("log")).getText()
                    .contains("2楼的灯还是不亮") ? true : null);
            String log = b.driver.findElement(By.id("log")).getText();
            assertThat(log).contains("楼道灯坏了好几天了，晚上上下楼看不见", "已受理，工单号 " + number,
                    "电工明早9点上门更换灯泡", "以上是您之前的对话");
            assertThat(b.driver.findElements(By.cssSelector("#log .row.push"))).hasSize(3);

            // a push sent while the page is closed is shown, marked, when it opens again
            b.go("about:blank");
            BrowserServer.act(server, number, "{\"action\":\"accept\"}");
            BrowserServer.awaitPagePushesDelivered(server); // delivered while the page is closed
            b.go(BrowserServer.url(server, "/chat/"));
            String away = b.await("the push sent while away", d -> d.findElements(By.cssSelector("#log .row.push"))
                    .stream().map(WebElement::getText).filter(t -> t.contains("签收") && d.findElements(
                            By.cssSelector("#log .row.push")).size() == 4).findFirst().orElse(null));
            assertThat(away).contains("已由【街道城市管理办公室】签收");
            assertThat(b.driver.findElement(By.id("log")).getText()).contains("以下是您离开期间收到的消息");
        }
    }

    @Test
    void onADesktop_theConversationIsACentredColumn_notStretchedAcrossTheScreen() throws Exception {
        try (Browser b = Browser.open(Browser.Viewport.DESKTOP)) {
            b.go(BrowserServer.url(server, "/chat/"));
            b.find("#log .greet");
            assertThat(b.innerWidth()).isEqualTo(1366);
            say(b, "楼道灯坏了好几天了，晚上上下楼看不见，一直没人来修，请尽快安排人来看看", "具体位置");
            Number logLeft = (Number) b.js("return document.getElementById('log').getBoundingClientRect().left");
            Number logRight = (Number) b.js("return innerWidth - document.getElementById('log').getBoundingClientRect().right");
            Number logWidth = (Number) b.js("return document.getElementById('log').getBoundingClientRect().width");
            Number widest = (Number) b.js("return Math.max.apply(null, Array.from(document.querySelectorAll('#log .bubble'))"
                    + ".map(function (e) { return e.getBoundingClientRect().width; }))");
            assertThat(logWidth.doubleValue()).as("the column").isLessThanOrEqualTo(720);
            assertThat(Math.abs(logLeft.doubleValue() - logRight.doubleValue())).as("centred").isLessThanOrEqualTo(2);
            assertThat(widest.doubleValue()).as("the widest bubble").isLessThanOrEqualTo(720);
            assertThat(b.overflow()).as("horizontal overflow on the desktop chat page").isLessThanOrEqualTo(0);
        }
    }

    @Test
    void locationAndPhotoButtons_giveTheTicketItsPlaceAndPicture() throws Exception {
        try (Browser b = Browser.open(Browser.Viewport.PHONE)) {
            b.go(BrowserServer.url(server, "/chat/"));
            b.find("#log .greet");
            say(b, "路灯不亮了", "具体位置");
            b.find("#placeBtn").click();
            b.await("places loaded", d -> d.findElements(By.cssSelector("#placeSelect optgroup option")).size() > 5
                    ? true : null);
            new org.openqa.selenium.support.ui.Select(b.find("#placeSelect")).selectByValue("东厂胡同");
            b.find("#placeText").sendKeys("12号院门口");
            b.find("#placeSend").click();
            b.await("the place bubble", d -> d.findElement(By.id("log")).getText().contains("📍 东厂胡同12号院门口")
                    ? true : null);
            b.await("the photo question", d -> d.findElement(By.id("log")).getText().contains("现场照片") ? true : null);
            // the photo button: a picture from the phone, scaled in the page, uploaded and sent
            java.nio.file.Path png = data.resolve("lamp.png");
            java.nio.file.Files.write(png, java.util.Base64.getDecoder().decode(
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
            WebElement file = b.driver.findElement(By.id("photoFile"));
            b.js("arguments[0].hidden = false;", file); // a person taps the button; the driver types into the input
            int before = b.driver.findElements(By.cssSelector("#log .row")).size();
            file.sendKeys(png.toString());
            b.find("#log .row.me img.thumb");
            b.await("the answer to the photo", d -> {
                List<WebElement> rows = d.findElements(By.cssSelector("#log .row.bot"));
                return d.findElements(By.cssSelector("#log .row")).size() > before + 1
                        && rows.get(rows.size() - 1).getText().contains("工单") ? true : null;
            });
            String opened = b.driver.findElement(By.id("log")).getText();
            Matcher m = Pattern.compile("工单号 (\\d{12})").matcher(opened);
            assertThat(m.find()).as(opened).isTrue();
            assertThat(BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/tickets/" + m.group(1), null)
                    .path("place").asText()).contains("东厂胡同12号院门口");
            com.fasterxml.jackson.databind.JsonNode files = BrowserServer.api(server, BrowserServer.ADMIN, "GET",
                    "/api/tickets/" + m.group(1) + "/attachments", null).path("items");
            assertThat(files).hasSize(1);
            assertThat(files.get(0).path("contentType").asText()).isEqualTo("image/jpeg");
            assertThat(b.overflow()).isLessThanOrEqualTo(0);
        }
    }
}
