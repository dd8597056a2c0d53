package io.shaozi.core.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.app.TestServer;
import io.shaozi.core.dialog.ChatClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * An operator keeps the knowledge base in the console's 知识库 page on a phone and on a laptop: the list with its
 * source and the files left out, the filter, 试一试, an edited answer the chat gives at once (no restart), a new
 * entry (with the API's refusal shown next to the field) and its deletion; read-only for roles that may only read.
 */
class KnowledgeBrowserTest {
    @TempDir
    static Path data;
    static Path kb;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Browser.requireChromium();
        kb = data.resolve("knowledge");
        Files.createDirectories(kb);
        try (Stream<Path> files = Files.list(BrowserServer.CONFIG.resolve("knowledge"))) {
            for (Path f : files.toList()) {
                Files.copy(f, kb.resolve(f.getFileName()));
            }
        }
        Files.writeString(kb.resolve("broken.md"), "没有标题的文件\n答案\n", StandardCharsets.UTF_8);
        server = BrowserServer.start(data.resolve("data"), Clock.systemUTC(), Map.of("knowledge.dir", kb.toString()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Logs into the console as a named person and opens 知识库 from the navigation. */
    static void openAs(Browser b, String personId) {
        b.go(BrowserServer.url(server, "/console/#token=" + BrowserServer.ADMIN));
        new Select(b.await("the identity list", d -> {
            List<WebElement> o = d.findElements(By.cssSelector("#identity option[value='" + personId + "']"));
            return o.isEmpty() ? null : d.findElement(By.id("identity"));
        })).selectByValue(personId);
        click(b, "#identityGo");
        b.await("the ticket list", d -> d.findElements(By.cssSelector("table.tickets")).isEmpty() ? null : true);
        if (b.viewport.mobile) {
            b.js("document.getElementById('knowledgeNav').scrollIntoView();");
        }
        click(b, "#knowledgeNav");
        b.await("the entries", d -> d.findElements(By.cssSelector("#kbList li[data-id]")).size() > 10 ? true : null);
    }

    static void type(WebElement e, String text) {
        e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        if (!text.isEmpty()) {
            e.sendKeys(text);
        }
    }

    /** Clicks like a person: scrolled into the middle first (the sticky header covers the top of the page). */
    static void click(Browser b, String css) {
        WebElement e = b.find(css);
        b.js("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
    }

    static void noOverflow(Browser b, String where) {
        assertThat(b.overflow()).as("horizontal overflow: " + where).isLessThanOrEqualTo(0);
    }

    void operatorKeepsTheKnowledgeBase(Browser.Viewport viewport, String entry, String question, String suffix)
            throws Exception {
        try (Browser b = Browser.open(viewport)) {
            openAs(b, "gb-001");
            String shot = "knowledge-" + (viewport.mobile ? "phone" : "desktop");
            // the list: how many, from where, and the file left out with its reason in Chinese
            int count = BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/knowledge", null).path("count").asInt();
            assertThat(b.find("#kbCount").getText()).isEqualTo("共 " + count + " 条");
            assertThat(b.find("#kbState").getText()).contains(kb.toString()).contains("北京时间");
            assertThat(b.find("#kbProblems").getText()).contains("个文件没有载入")
                    .contains("broken.md：标题——第一行必须是“# 标题”");
            assertThat(b.driver.findElements(By.id("kbReadonly"))).isEmpty();
            noOverflow(b, "list");
            b.screenshot(BrowserServer.SHOTS.resolve(shot + "-list.png"));

            // the filter
            b.find("#kbSearch").sendKeys("居住证明");
            b.await("the filtered list", d -> d.findElement(By.id("kbShown")).getText().startsWith("显示 ") ? true : null);
            List<WebElement> rows = b.driver.findElements(By.cssSelector("#kbList li[data-id]"));
            assertThat(rows.size()).isBetween(1, count - 1);
            assertThat(b.find("#kbShown").getText()).isEqualTo("显示 " + rows.size() + " / " + count + " 条");
            assertThat(b.driver.findElements(By.cssSelector("#kbList li[data-id='residence-certificate']"))).hasSize(1);
            type(b.find("#kbSearch"), "没有这种条目xyz");
            b.await("nothing found", d -> d.findElement(By.id("kbList")).getText().contains("没有符合的条目") ? true : null);
            type(b.find("#kbSearch"), "");
            b.await("the whole list again", d -> d.findElement(By.id("kbShown")).getText().equals("共 " + count + " 条") ? true : null);

            // 试一试: what the chat would do, and the ranking
            b.find("#tryQ").sendKeys(question);
            click(b, "#tryGo");
            String title = BrowserServer.api(server, BrowserServer.ADMIN, "GET", "/api/knowledge/" + entry, null)
                    .path("title").asText();
            String decision = b.await("the try result", d -> {
                List<WebElement> e = d.findElements(By.id("tryDecision"));
                return e.isEmpty() ? null : e.get(0).getText();
            });
            assertThat(decision).isEqualTo("会直接回答：【" + title + "】");
            assertThat(b.find("#tryHits li").getAttribute("data-id")).isEqualTo(entry);
            assertThat(b.find("#tryHits").getText()).contains("得分").contains("覆盖");
            noOverflow(b, "try");
            b.js("window.scrollTo(0, document.getElementById('kbTry').getBoundingClientRect().top + window.scrollY"
                    + " - document.querySelector('header.top').offsetHeight - 8);");
            b.screenshot(BrowserServer.SHOTS.resolve(shot + "-try.png"));

            // edit the answer: saved, and the chat answers with it at once
            click(b, "#kbList li[data-id='" + entry + "'] a");
            WebElement answer = b.find("#kbAnswer");
            // (the answer is indexed too: the old text stays, so the question still finds the entry)
            String newAnswer = "（已更新" + suffix + "）咨询电话 **6512 3456**，详见[北京市政府网站](https://www.beijing.gov.cn/)。\n"
                    + answer.getAttribute("value");
            type(answer, newAnswer);
            b.await("the preview", d -> d.findElement(By.id("kbPreview")).getText().contains("已更新" + suffix) ? true : null);
            assertThat(b.find("#kbPreview strong").getText()).isEqualTo("6512 3456");
            WebElement link = b.find("#kbPreview a");
            assertThat(link.getText()).isEqualTo("北京市政府网站");
            assertThat(link.getAttribute("href")).isEqualTo("https://www.beijing.gov.cn/");
            assertThat(link.getAttribute("rel")).contains("noopener");
            noOverflow(b, "editor");
            click(b, "#kbSave");
            b.find("#kbSaved");
            // the chat answers with the edit at once, exactly as the page said it would (plain text)
            String chatText = b.find("#kbChatText").getText().strip();
            assertThat(chatText).startsWith("【" + title + "】\n（已更新" + suffix
                    + "）咨询电话 6512 3456，详见北京市政府网站（https://www.beijing.gov.cn/）。");
            ChatClient resident = new ChatClient(server, "web-kb-" + suffix);
            String reply = resident.say(question);
            assertThat(reply).startsWith(chatText).doesNotContain("**");
            assertThat(Files.readString(kb.resolve(entry + ".md"))).contains("已更新" + suffix);
            b.js("window.scrollTo(0, document.querySelector('.kb-preview-box').getBoundingClientRect().top + window.scrollY"
                    + " - document.querySelector('header.top').offsetHeight - 8);");
            b.screenshot(BrowserServer.SHOTS.resolve(shot + "-edit.png"));

            // the API's refusal, in Chinese next to the field; nothing written
            String file = Files.readString(kb.resolve(entry + ".md"));
            type(b.find("#kbTitle"), "标".repeat(61));
            click(b, "#kbSave");
            assertThat(b.find("#err-title").getText()).isEqualTo("不能超过 60 个字");
            assertThat(b.find("#kbTitle").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(Files.readString(kb.resolve(entry + ".md"))).isEqualTo(file);
            noOverflow(b, "editor with an error");

            // leaving with unsaved changes asks first: 取消 stays, 确定 leaves
            click(b, "#kbBack");
            Alert ask = b.await("the unsaved-changes question", ExpectedConditions.alertIsPresent());
            assertThat(ask.getText()).isEqualTo("有未保存的修改，确定离开吗？");
            ask.dismiss();
            assertThat(b.driver.getCurrentUrl()).endsWith("#/e/" + entry);
            assertThat(b.find("#kbTitle").getAttribute("value")).isEqualTo("标".repeat(61));
            click(b, "#kbBack");
            b.await("the unsaved-changes question", ExpectedConditions.alertIsPresent()).accept();

            // a new entry: the id is checked like the API does, a taken id is refused by the API, text is never HTML
            click(b, "#kbNew");
            String id = "pool-" + suffix;
            b.find("#kbId").sendKeys("游泳 馆");
            click(b, "#kbSave");
            assertThat(b.find("#err-id").getText()).contains("只能用字母、数字、- 和 _");
            type(b.find("#kbId"), entry);
            b.find("#kbTitle").sendKeys("社区游泳馆开放时间" + suffix);
            b.find("#kbQuestions").sendKeys("问：游泳馆几点开门" + suffix + "\n游泳馆周一开吗" + suffix);
            b.find("#kbAnswer").sendKeys("<img src=x id=injected>每天 9:00—21:00 开放，周一闭馆。");
            click(b, "#kbSave");
            assertThat(b.find("#err-id").getText()).startsWith("这个编号已经有条目了");
            assertThat(Files.readString(kb.resolve(entry + ".md"))).as("the taken id is not overwritten").isEqualTo(file);
            assertThat(b.driver.findElements(By.id("injected"))).isEmpty();
            assertThat(b.find("#kbPreview").getText()).contains("<img src=x id=injected>");
            type(b.find("#kbId"), id);
            click(b, "#kbSave");
            b.await("the new entry opened", d -> d.getCurrentUrl().endsWith("#/e/" + id) ? true : null);
            assertThat(b.find("#kbQuestions").getAttribute("value")).isEqualTo("游泳馆几点开门" + suffix + "\n游泳馆周一开吗" + suffix);
            assertThat(b.find("#kbFlash").getText()).contains("已新建「社区游泳馆开放时间" + suffix + "」");
            assertThat(kb.resolve(id + ".md")).exists();
            assertThat(resident.say("游泳馆几点开门" + suffix + "？")).contains("【社区游泳馆开放时间" + suffix + "】");

            // delete, after confirming
            click(b, "#kbDelete");
            assertThat(b.find("#kbConfirm").getText()).contains("确定删除「社区游泳馆开放时间" + suffix + "」");
            click(b, "#kbDeleteYes");
            b.await("back at the list", d -> d.findElements(By.cssSelector("#kbList li[data-id]")).size() > 10 ? true : null);
            assertThat(b.find("#kbFlash").getText()).isEqualTo("已删除「社区游泳馆开放时间" + suffix + "」");
            assertThat(b.driver.findElements(By.cssSelector("#kbList li[data-id='" + id + "']"))).isEmpty();
            assertThat(kb.resolve(id + ".md")).doesNotExist();
            assertThat(b.find("#kbCount").getText()).isEqualTo("共 " + count + " 条");
            noOverflow(b, "list after delete");
        }
    }

    @Test
    void operatorOnAPhone_editsAnAnswer_theChatAnswersWithIt_andCreatesAndDeletesAnEntry() throws Exception {
        operatorKeepsTheKnowledgeBase(Browser.Viewport.PHONE, "office-hours", "社区居委会周六上班吗？我想开个居住证明", "phone");
    }

    @Test
    void operatorOnADesktop_editsAnAnswer_theChatAnswersWithIt_andCreatesAndDeletesAnEntry() throws Exception {
        operatorKeepsTheKnowledgeBase(Browser.Viewport.DESKTOP, "garbage-sorting", "过期药品算什么垃圾？", "desktop");
    }

    @Test
    void aFileDroppedIntoTheFolder_isPickedUpWithoutARestart_andABadOneIsRewrittenInThePage() throws Exception {
        try (Browser b = Browser.open(Browser.Viewport.PHONE)) {
            openAs(b, "gb-001");
            // an operator copies a half-written file into the folder: the poll reloads it, the page lists why not
            Files.writeString(kb.resolve("draft.md"), "# 社区食堂营业时间\n问：社区食堂几点开门\n", StandardCharsets.UTF_8);
            b.await("the poll's reload, shown after a page refresh", d -> {
                d.navigate().refresh();
                List<WebElement> p = d.findElements(By.cssSelector("#kbProblems li[data-file='draft']"));
                return p.isEmpty() ? null : true;
            });
            assertThat(b.find("#kbProblems li[data-file='draft']").getText()).contains("draft.md：答案——必填");
            click(b, "#kbProblems li[data-file='draft'] a.kb-fix");
            assertThat(b.find("#kbFixNote").getText()).contains("draft.md 没有载入：答案——必填");
            assertThat(b.find("#kbId").getAttribute("readonly")).isNotNull();
            b.find("#kbTitle").sendKeys("社区食堂营业时间");
            b.find("#kbQuestions").sendKeys("社区食堂几点开门");
            b.find("#kbAnswer").sendKeys("社区食堂每天 11:00—13:00、17:00—19:00 营业（示例）。");
            noOverflow(b, "rewrite");
            click(b, "#kbSave");
            b.await("the rewritten entry opened", d -> d.getCurrentUrl().endsWith("#/e/draft") ? true : null);
            assertThat(b.find("#kbFlash").getText()).contains("已重写 draft.md「社区食堂营业时间」");
            assertThat(new ChatClient(server, "web-kb-draft").say("社区食堂几点开门？")).contains("【社区食堂营业时间】")
                    .contains("11:00—13:00");
            click(b, "#kbBack");
            b.find("#kbList li[data-id='draft']");
            assertThat(b.driver.findElements(By.cssSelector("#kbProblems li[data-file='draft']"))).isEmpty();
            // and removed again from the page
            click(b, "#kbList li[data-id='draft'] a");
            click(b, "#kbDelete");
            click(b, "#kbDeleteYes");
            b.await("back at the list", d -> d.findElements(By.cssSelector("#kbList li[data-id]")).size() > 10 ? true : null);
            assertThat(kb.resolve("draft.md")).doesNotExist();
        }
    }

    @Test
    void departmentStaff_readOnly_withTheReason_andNoSaveOrNew() throws Exception {
        try (Browser b = Browser.open(Browser.Viewport.PHONE)) {
            openAs(b, "cg-001");
            assertThat(b.find("#kbReadonly").getText()).contains("只读").contains("部门工作人员");
            assertThat(b.driver.findElements(By.id("kbNew"))).isEmpty();
            click(b, "#kbList li[data-id='heating'] a");
            assertThat(b.find("#kbAnswer").getAttribute("readonly")).isNotNull();
            assertThat(b.find("#kbForm #kbReadonly").getText()).contains("只读");
            assertThat(b.driver.findElements(By.id("kbSave"))).isEmpty();
            assertThat(b.driver.findElements(By.id("kbDelete"))).isEmpty();
            noOverflow(b, "read-only editor");
        }
    }

    @Test
    void aPartyMember_doesNotSeeTheLink() throws Exception {
        String t = BrowserServer.api(server, BrowserServer.ADMIN, "POST", "/api/org/people/dy-001/tokens",
                "{\"label\":\"test\"}").path("token").asText();
        try (Browser b = Browser.open(Browser.Viewport.DESKTOP)) {
            b.go(BrowserServer.url(server, "/console/#token=" + t));
            b.await("the console", d -> d.findElement(By.id("whoName")).getText().contains("李明") ? true : null);
            assertThat(b.driver.findElement(By.id("knowledgeNav")).isDisplayed()).isFalse();
            b.go(BrowserServer.url(server, "/console/knowledge.html"));
            b.await("the refusal", d -> d.findElement(By.id("main")).getText().contains("没有权限") ? true : null);
        }
    }

    @Test
    void withoutAKnowledgeFolder_thePageIsReadOnly_andSaysWhy(@TempDir Path other) throws Exception {
        try (TestServer readOnly = BrowserServer.start(other, Clock.systemUTC(), Map.of("knowledge.dir", ""));
             Browser b = Browser.open(Browser.Viewport.PHONE)) {
            b.go(BrowserServer.url(readOnly, "/console/#token=" + BrowserServer.ADMIN));
            click(b, "#asOperator");
            b.await("the ticket list", d -> d.findElements(By.cssSelector("table.tickets")).isEmpty() ? null : true);
            b.go(BrowserServer.url(readOnly, "/console/knowledge.html"));
            assertThat(b.find("#kbReadonly").getText()).contains("没有配置知识库目录（knowledge.dir）");
            assertThat(b.find("#kbState").getText()).contains("程序自带的示例知识库");
            assertThat(b.driver.findElements(By.id("kbNew"))).isEmpty();
            noOverflow(b, "read-only list");
        }
    }
}
