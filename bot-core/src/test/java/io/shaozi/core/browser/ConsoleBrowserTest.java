package io.shaozi.core.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.app.TestServer;
import java.nio.file.Files;
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
import org.openqa.selenium.support.ui.Select;

/**
 * A cadre working a ticket in /console/ on a laptop and on a phone while the resident watches /chat/ on a phone;
 * every console page without horizontal scrolling at 390 px; the pages of their own (党员答题报告, 知识库) log in and out
 * through the helpers they share (common.js).
 */
class ConsoleBrowserTest {
    /** The console's session keys (app.js, common.js). */
    private static final String TOKEN_KEY = "shaozi.console.token";
    private static final String WHO_KEY = "shaozi.console.who";

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

    /** The resident reports on the chat page; gives the ticket number. */
    static String report(Browser resident, String text, String place) {
        resident.go(BrowserServer.url(server, "/chat/"));
        resident.find("#log .greet");
        ChatPageBrowserTest.say(resident, text, "具体位置");
        ChatPageBrowserTest.say(resident, place, "现场照片");
        String opened = ChatPageBrowserTest.say(resident, "跳过", "工单号");
        Matcher m = Pattern.compile("工单号 (\\d{12})").matcher(opened);
        assertThat(m.find()).as(opened).isTrue();
        return m.group(1);
    }

    /** Logs in with the operator token and picks a named person: actions are then logged under their name. */
    static void loginAs(Browser b, String personId) {
        b.go(BrowserServer.url(server, "/console/#token=" + BrowserServer.ADMIN));
        new Select(b.await("the identity list", d -> {
            List<WebElement> o = d.findElements(By.cssSelector("#identity option[value='" + personId + "']"));
            return o.isEmpty() ? null : d.findElement(By.id("identity"));
        })).selectByValue(personId);
        assertThat(b.overflow()).as("identity page overflow").isLessThanOrEqualTo(0);
        b.find("#identityGo").click();
        b.await("the ticket list", d -> d.findElements(By.cssSelector("table.tickets")).isEmpty() ? null : true);
    }

    static void act(Browser b, String action, String note) {
        String label = java.util.Map.of("accept", "签收", "progress", "反馈进展", "resolve", "办结").get(action);
        String version = b.find("h1 .muted.small").getText();
        b.find("button[data-action='" + action + "']").click();
        if (note != null) {
            b.find(".action-form textarea[name=note]").sendKeys(note);
        }
        b.find(".action-form button[type=submit]").click();
        // done: its own toast, and the page shows the ticket's next version
        b.await("the action " + action + " done", d -> d.findElement(By.id("toast")).getText().contains("「" + label
                + "」已完成") && !d.findElement(By.cssSelector("h1 .muted.small")).getText().equals(version) ? true : null);
    }

    void cadreWorksATicket(Browser.Viewport viewport, String shot) throws Exception {
        try (Browser resident = Browser.open(Browser.Viewport.PHONE); Browser cadre = Browser.open(viewport)) {
            String number = report(resident, "楼道灯坏了好几天了，晚上上下楼看不见", "幸福小区3号楼2单元");
            loginAs(cadre, "cg-001");
            assertThat(cadre.find("#whoName").getText()).contains("张伟");
            // the list: the ticket with its place, a live countdown and the deadline
            WebElement row = cadre.find("tr[data-number='" + number + "']");
            assertThat(row.getText()).contains("幸福小区3号楼2单元");
            String left = cadre.await("the countdown", d -> {
                String t = d.findElement(By.cssSelector("tr[data-number='" + number + "'] .countdown")).getText();
                return t.startsWith("剩 ") ? t : null;
            });
            assertThat(left).matches("剩 .*(天|小时|分钟|分)");
            assertThat(cadre.overflow()).as("list overflow").isLessThanOrEqualTo(0);
            if (shot != null) {
                cadre.screenshot(BrowserServer.SHOTS.resolve(shot + "-list.png"));
            }
            row.findElement(By.cssSelector("a")).click();
            cadre.find("button[data-action='accept']");
            assertThat(cadre.overflow()).as("detail overflow").isLessThanOrEqualTo(0);

            act(cadre, "accept", null);
            ChatPageBrowserTest.awaitPush(resident, "您的工单 " + number + " 已由【街道城市管理办公室】签收，正在处理。");
            act(cadre, "progress", "电工明早9点上门更换灯泡");
            ChatPageBrowserTest.awaitPush(resident, "工单 " + number + " 有新进展：电工明早9点上门更换灯泡");
            act(cadre, "resolve", "已更换3号楼2单元楼道灯");
            ChatPageBrowserTest.awaitPush(resident, "您的工单 " + number + " 已办结：已更换3号楼2单元楼道灯");

            // after 办结 the deadline shown is the resident's rating deadline, labelled as such
            String info = cadre.find(".c-info").getText();
            assertThat(info).contains("居民评价截止").doesNotContain("当前时限");
            // the timeline names the person, not "管理员"
            String timeline = cadre.find(".timeline").getText();
            assertThat(timeline).contains("张伟").doesNotContain("管理员");
            JsonNode t = BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/tickets/" + number, null);
            assertThat(t.path("events").findValuesAsText("name")).contains("张伟");
            assertThat(cadre.overflow()).as("detail overflow after 办结").isLessThanOrEqualTo(0);
            if (shot != null) {
                cadre.screenshot(BrowserServer.SHOTS.resolve(shot + "-detail.png"));
                cadre.go(BrowserServer.url(server, "/console/#/metrics"));
                cadre.await("the charts", d -> d.findElements(By.cssSelector("#chartTrend canvas")).isEmpty() ? null : true);
                assertThat(cadre.find("#main table").getText()).contains("街道城市管理办公室");
                assertThat(cadre.overflow()).as("metrics overflow").isLessThanOrEqualTo(0);
                cadre.screenshot(BrowserServer.SHOTS.resolve(shot + "-metrics.png"));
                cadre.go(BrowserServer.url(server, "/console/#/places"));
                cadre.await("the place view", d -> d.findElements(By.cssSelector(".place-card")).isEmpty() ? null : true);
                assertThat(cadre.overflow()).as("places overflow").isLessThanOrEqualTo(0);
                cadre.screenshot(BrowserServer.SHOTS.resolve(shot + "-places.png"));
            }
        }
    }

    @Test
    void cadreOnADesktop_acceptsProgressesAndCloses_andTheResidentSeesEachPush() throws Exception {
        cadreWorksATicket(Browser.Viewport.DESKTOP, "console-desktop");
    }

    @Test
    void cadreOnAPhone_acceptsProgressesAndCloses_andTheResidentSeesEachPush() throws Exception {
        cadreWorksATicket(Browser.Viewport.PHONE, "console-phone");
    }

    @Test
    void everyConsolePage_atPhoneWidth_hasNoHorizontalScroll() throws Exception {
        String number = BrowserServer.api(server, BrowserServer.ADMIN, "POST", "/api/tickets",
                "{\"text\":\"东厂胡同12号院门口路灯不亮\",\"category\":\"城乡建设\",\"place\":\"东厂胡同12号院\"}")
                .path("number").asText();
        try (Browser b = Browser.open(Browser.Viewport.PHONE)) {
            b.go(BrowserServer.url(server, "/console/"));
            b.find("#token");
            assertThat(b.overflow()).as("login").isLessThanOrEqualTo(0);
            loginAs(b, "gb-001");
            String navHeight = String.valueOf(b.js("return document.getElementById('nav').getBoundingClientRect().height"));
            assertThat(Double.parseDouble(navHeight)).as("the navigation stays one line").isLessThanOrEqualTo(44);
            for (String page : List.of("#/tickets", "#/tickets/" + number, "#/alerts", "#/metrics", "#/places", "#/campaigns", "#/handoffs",
                    "#/tickets?category=城建")) {
                b.go(BrowserServer.url(server, "/console/" + page));
                b.await("page " + page, d -> d.findElements(By.cssSelector("main h1")).isEmpty() ? null : true);
                b.await("page " + page + " loaded", d -> d.findElement(By.id("main")).getText().contains("正在加载") ? null : true);
                assertThat(b.overflow()).as("horizontal overflow on " + page).isLessThanOrEqualTo(0);
                assertThat(b.innerWidth()).isEqualTo(390);
            }
            // the partial category filter found the ticket
            assertThat(b.find("tr[data-number='" + number + "']").getText()).contains("东厂胡同12号院");
            // the Party secretary's quiz report is a page of its own
            b.go(BrowserServer.url(server, "/console/quiz.html"));
            b.await("the quiz page", d -> {
                String t = d.findElement(By.id("main")).getText();
                return t.isBlank() || t.contains("加载") ? null : true;
            });
            assertThat(b.overflow()).as("horizontal overflow on quiz.html").isLessThanOrEqualTo(0);
            // the charts are drawn by ECharts from the jar
            b.go(BrowserServer.url(server, "/console/#/metrics"));
            b.await("the charts", d -> d.findElements(By.cssSelector("#chartRates canvas")).isEmpty() ? null : true);
            assertThat(b.overflow()).isLessThanOrEqualTo(0);
            b.screenshot(BrowserServer.SHOTS.resolve("console-phone-metrics.png"));
        }
    }

    @Test
    void attachments_uploadedInTheConsole_areKeptAndShown_andExecutablesAreRefused() throws Exception {
        String number = BrowserServer.api(server, BrowserServer.ADMIN, "POST", "/api/tickets",
                "{\"text\":\"翠花胡同井盖缺失\",\"category\":\"城乡建设\",\"place\":\"翠花胡同\"}").path("number").asText();
        Path png = data.resolve("photo.png");
        Files.write(png, java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
        Path exe = data.resolve("setup.png");
        Files.write(exe, new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0});
        try (Browser b = Browser.open(Browser.Viewport.DESKTOP)) {
            loginAs(b, "gb-001");
            b.go(BrowserServer.url(server, "/console/#/tickets/" + number));
            b.find("#attachFile").sendKeys(exe.toString());
            b.find("#attachUpload").click();
            b.await("the refusal", d -> d.findElement(By.cssSelector(".card")).getText() != null
                    && d.findElement(By.id("main")).getText().contains("file must be") ? true : null);
            b.find("#attachFile").sendKeys(png.toString());
            b.find("#attachUpload").click();
            b.await("the picture shown", d -> d.findElements(By.cssSelector(".attachment img.thumb")).isEmpty() ? null : true);
            assertThat(b.find(".attachments").getText()).contains("photo.png", "王建国");
        }
        JsonNode list = BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/tickets/" + number + "/attachments", null);
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("items").get(0).path("contentType").asText()).isEqualTo("image/png");
    }

    @Test
    void aPhoneCameraPhotoOverTheBodyCap_isScaledInThePage_andUploadedAsJpeg_whileOtherBigFilesAreRefused()
            throws Exception {
        String number = BrowserServer.api(server, BrowserServer.ADMIN, "POST", "/api/tickets",
                "{\"text\":\"东厂胡同路灯不亮\",\"category\":\"城乡建设\",\"place\":\"东厂胡同\"}").path("number").asText();
        // a 3000 x 2000 photo-like picture (gradients, slight grain): several MB as PNG
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(3000, 2000,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random grain = new java.util.Random(7);
        for (int y = 0; y < 2000; y++) {
            for (int x = 0; x < 3000; x++) {
                int n = grain.nextInt(9) - 4;
                int r = Math.min(255, Math.max(0, x * 255 / 3000 + n));
                int g = Math.min(255, Math.max(0, y * 255 / 2000 + n));
                int bl = Math.min(255, Math.max(0, 128 + (int) (60 * Math.sin(x / 90.0)) + n));
                img.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        Path big = data.resolve("camera.png");
        javax.imageio.ImageIO.write(img, "png", big.toFile());
        assertThat(Files.size(big)).as("over the 1 MB body cap").isGreaterThan(2L * 1024 * 1024);
        Path pdf = data.resolve("scan.pdf");
        byte[] bytes = new byte[1_300_000];
        System.arraycopy("%PDF-1.4\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, 0, 9);
        Files.write(pdf, bytes);
        try (Browser b = Browser.open(Browser.Viewport.PHONE)) {
            loginAs(b, "gb-001");
            b.go(BrowserServer.url(server, "/console/#/tickets/" + number));
            b.find("#attachFile").sendKeys(pdf.toString());
            b.find("#attachUpload").click();
            b.await("the refusal of a big PDF", d -> d.findElement(By.id("main")).getText().contains("文件不能超过 1 MB")
                    ? true : null);
            b.find("#attachFile").sendKeys(big.toString());
            b.find("#attachUpload").click();
            b.await("the scaled photo shown", d -> d.findElements(By.cssSelector(".attachment img.thumb")).isEmpty()
                    ? null : true);
            assertThat(b.find(".attachments").getText()).contains("camera.jpg");
        }
        JsonNode items = BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/tickets/" + number + "/attachments",
                null).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(items.get(0).path("size").asLong()).isBetween(10_000L, 1024L * 1024);
    }

    @Test
    void bulkAccept_signsEveryPickedTicket_asTheNamedPerson_andCountdownsTurnRedWhenLate() throws Exception {
        String a = BrowserServer.api(server, BrowserServer.ADMIN, "POST", "/api/tickets",
                "{\"text\":\"黄米胡同垃圾清运不及时\",\"category\":\"城乡建设\",\"place\":\"黄米胡同\"}").path("number").asText();
        String c = BrowserServer.api(server, BrowserServer.ADMIN, "POST", "/api/tickets",
                "{\"text\":\"大取灯胡同路面破损\",\"category\":\"城乡建设\",\"place\":\"大取灯胡同\"}").path("number").asText();
        try (Browser b = Browser.open(Browser.Viewport.DESKTOP)) {
            loginAs(b, "cg-001");
            for (String n : List.of(a, c)) {
                b.find("tr[data-number='" + n + "'] input[type=checkbox]").click();
            }
            assertThat(b.find(".bulk").getText()).contains("已选 2 件");
            b.find("#bulkAccept").click();
            b.await("the bulk result", d -> d.findElement(By.id("toast")).getText().contains("批量签收：成功 2 件") ? true : null);
            // the ticker: a deadline in the past shows a red 已超期 badge within a second
            b.js("var s = document.createElement('span'); s.className = 'countdown'; s.id = 'late';"
                    + " s.setAttribute('data-due', new Date(Date.now() - 2 * 3600 * 1000 - 60000).toISOString());"
                    + " document.getElementById('main').appendChild(s);");
            String late = b.await("the late badge", d -> {
                String t = d.findElement(By.id("late")).getText();
                return t.isEmpty() ? null : t;
            });
            assertThat(late).isEqualTo("已超期 2小时1分");
            assertThat(b.find("#late").getAttribute("class")).contains("red");
        }
        for (String n : List.of(a, c)) {
            JsonNode t = BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/tickets/" + n, null);
            assertThat(t.path("status").asText()).isEqualTo("ACCEPTED");
            JsonNode last = t.path("events").get(t.path("events").size() - 1);
            assertThat(last.path("actor").path("name").asText()).isEqualTo("张伟");
        }
    }

    @Test
    void streetCadreOnAPhone_correctsTheCategory_andTheDetailTimelineAndListFollow() throws Exception {
        String n = BrowserServer.api(server, BrowserServer.ADMIN, "POST", "/api/tickets",
                "{\"text\":\"正义路路面塌陷一个大坑\",\"category\":\"城乡建设\",\"place\":\"正义路\","
                        + "\"requestType\":\"投诉\"}").path("number").asText();
        try (Browser b = Browser.open(Browser.Viewport.PHONE)) {
            loginAs(b, "gb-001");
            assertThat(b.innerWidth()).isEqualTo(390);
            // the list shows the category and the request type
            WebElement row = b.find("tr[data-number='" + n + "']");
            assertThat(row.getText()).contains("城乡建设").contains("投诉");
            row.findElement(By.cssSelector("a")).click();
            b.find("button[data-action='correct']").click();
            Select pick = new Select(b.find(".action-form select[name=category]"));
            assertThat(pick.getOptions()).extracting(WebElement::getText).doesNotContain("城乡建设").contains("交通运输");
            assertThat(b.overflow()).as("correction form overflow").isLessThanOrEqualTo(0);
            pick.selectByValue("交通运输");
            b.find(".action-form textarea[name=note]").sendKeys("市政道路归交通部门");
            String version = b.find("h1 .muted.small").getText();
            b.find(".action-form button[type=submit]").click();
            b.await("the correction done", d -> d.findElement(By.id("toast")).getText().contains("「更正类别」已完成，工单类别：交通运输")
                    && !d.findElement(By.cssSelector("h1 .muted.small")).getText().equals(version) ? true : null);
            assertThat(b.find(".c-info").getText()).contains("交通运输").doesNotContain("城乡建设");
            assertThat(b.find(".timeline").getText()).contains("类别更正：城乡建设→交通运输：市政道路归交通部门")
                    .contains("王建国");
            assertThat(b.overflow()).as("detail overflow after the correction").isLessThanOrEqualTo(0);
            b.js("document.querySelector('.timeline li:last-child').scrollIntoView({block: 'center'});");
            b.screenshot(BrowserServer.SHOTS.resolve("console-phone-correct.png"));
            // the list filtered by the new category finds it; by the old one it is gone
            b.go(BrowserServer.url(server, "/console/#/tickets?category=" + java.net.URLEncoder.encode("交通运输",
                    java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(b.find("tr[data-number='" + n + "']").getText()).contains("交通运输");
            b.go(BrowserServer.url(server, "/console/#/tickets?category=" + java.net.URLEncoder.encode("城乡建设",
                    java.nio.charset.StandardCharsets.UTF_8)));
            b.await("the list by the old category", d -> d.findElements(By.cssSelector("table.tickets")).isEmpty() ? null : true);
            b.find("table.tickets tbody tr");
            assertThat(b.js("return document.querySelectorAll(\"tr[data-number='" + n + "']\").length;"))
                    .isEqualTo(0L);
        }
        JsonNode t = BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/tickets/" + n, null);
        assertThat(t.path("category").asText()).isEqualTo("交通运输");
        assertThat(t.path("department").asText()).isEqualTo("jd-cgb"); // a correction alone does not re-dispatch
        // department staff get no correction control
        try (Browser b = Browser.open(Browser.Viewport.DESKTOP)) {
            loginAs(b, "cg-001");
            b.go(BrowserServer.url(server, "/console/#/tickets/" + n));
            b.find("button[data-action='accept']");
            assertThat(b.js("return document.querySelectorAll(\"button[data-action='correct']\").length;")).isEqualTo(0L);
        }
    }

    // ------------------------------------------------------------------ the pages of their own (common.js)
    // 党员答题报告 and 知识库 log in, fail and log out through the helpers they share: each with its own prompt, the
    // shared and the page's own error texts, and the console's session keys.

    private static Object session(Browser b, String key) {
        return b.js("return sessionStorage.getItem(arguments[0]);", key);
    }

    /** Types a token into the login form and submits it. */
    private static void logIn(Browser b, String token) {
        WebElement input = b.find("#token");
        input.sendKeys(token);
        b.find(".login button[type=submit]").click();
    }

    /** The page's error alert once it starts with {@code prefix} (an earlier alert may still be on the page). */
    private static String alertText(Browser b, String prefix) {
        return b.await("an alert starting with " + prefix, d -> {
            Object t = b.js("var a = document.querySelector('#main .alert.error'); return a ? a.textContent : null;");
            return t instanceof String s && s.startsWith(prefix) ? s : null;
        });
    }

    @Test
    void quizPage_ownPrompt_sharedAndOwnErrors_reportAndLogout() throws Exception {
        String member = BrowserServer.api(server, BrowserServer.ADMIN, "POST", "/api/org/people/dy-001/tokens",
                "{\"label\":\"test\"}").path("token").asText();
        try (Browser b = Browser.open(Browser.Viewport.PHONE)) {
            b.go(BrowserServer.url(server, "/console/quiz.html"));
            b.find("#token");
            assertThat(b.find(".login h1").getText()).isEqualTo("党员答题报告");
            assertThat(b.find("label[for=token]").getText()).isEqualTo("访问令牌（支部书记或街道干部的个人令牌）");
            assertThat(b.driver.findElement(By.id("who")).isDisplayed()).isFalse();

            // a wrong token: the shared 401 text, the login form again, the token forgotten
            logIn(b, "not-a-token");
            assertThat(alertText(b, "身份验证失败")).isEqualTo("身份验证失败，请重新输入访问令牌");
            assertThat(b.driver.findElements(By.id("token"))).hasSize(1);
            assertThat(session(b, TOKEN_KEY)).isNull();

            // a party member: the page's own 403 text
            logIn(b, member);
            assertThat(alertText(b, "没有权限：")).isNotEqualTo("没有权限：");

            // the admin: the whole street's report; a new login forgets the console's "who" of the last token
            b.find("#logout").click();
            b.js("sessionStorage.setItem(arguments[0], '{\"name\":\"上一位\"}');", WHO_KEY);
            logIn(b, BrowserServer.ADMIN);
            assertThat(b.find("#summary h2").getText()).startsWith("全街道 · ");
            assertThat(session(b, TOKEN_KEY)).isEqualTo(BrowserServer.ADMIN);
            assertThat(session(b, WHO_KEY)).isNull();
            assertThat(b.find("#who").isDisplayed()).isTrue();

            // an unknown branch: the page's own 404 text with the server's reason
            b.go(BrowserServer.url(server, "/console/quiz.html#branch=no-such-branch"));
            assertThat(alertText(b, "未找到")).isEqualTo("未找到：no such branch");
            assertThat(b.overflow()).as("horizontal overflow on quiz.html").isLessThanOrEqualTo(0);

            b.find("#logout").click();
            b.find("#token");
            assertThat(session(b, TOKEN_KEY)).isNull();
            assertThat(b.find(".login h1").getText()).isEqualTo("党员答题报告");
        }
    }

    @Test
    void knowledgePage_ownPrompt_listAndLogout() throws Exception {
        try (Browser b = Browser.open(Browser.Viewport.DESKTOP)) {
            b.go(BrowserServer.url(server, "/console/knowledge.html"));
            b.find("#token");
            assertThat(b.find(".login h1").getText()).isEqualTo("知识库");
            assertThat(b.find("label[for=token]").getText()).isEqualTo("访问令牌（工作人员的个人令牌）");

            logIn(b, "not-a-token");
            assertThat(alertText(b, "身份验证失败")).isEqualTo("身份验证失败，请重新输入访问令牌");

            logIn(b, BrowserServer.ADMIN);
            b.await("the entries", d -> d.findElements(By.cssSelector("#kbList li[data-id]")).size() > 10 ? true : null);
            assertThat(b.find("#whoName").getText()).isNotBlank();
            assertThat(session(b, WHO_KEY)).isNotNull();

            b.find("#logout").click();
            b.find("#token");
            assertThat(session(b, TOKEN_KEY)).isNull();
            assertThat(session(b, WHO_KEY)).isNull();
            assertThat(b.driver.findElement(By.id("who")).isDisplayed()).isFalse();
        }
    }
}
