package io.shaozi.core.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.app.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cadres act on tickets from chat. The sample organisation is copied with three people's alert addresses
 * pointed at chat-page users, so the test drives them over real HTTP like any chat channel.
 */
class CadreCommandsTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        String org = Files.readString(Path.of("../config/org.yaml"))
                .replace("{id: \"cg-001\", name: \"张伟\", role: department_staff, department: \"jd-cgb\", phone: \"13800100011\"}",
                        "{id: \"cg-001\", name: \"张伟\", role: department_staff, department: \"jd-cgb\", phone: \"13800100011\","
                                + " notify: {channel: generic, account: chat, recipient: \"web-zhangwei\"}}")
                .replace("{id: \"zf-001\", name: \"陈磊\", role: department_staff, department: \"jd-zfd\", phone: \"13800100021\"}",
                        "{id: \"zf-001\", name: \"陈磊\", role: department_staff, department: \"jd-zfd\", phone: \"13800100021\","
                                + " notify: {channel: generic, account: chat, recipient: \"web-chenlei\"}}")
                .replace("notify: {channel: wecom, account: gov, recipient: \"wangjianguo\"}",
                        "notify: {channel: generic, account: chat, recipient: \"web-wangjianguo\"}");
        assertThat(org).contains("web-zhangwei").contains("web-chenlei").contains("web-wangjianguo");
        Path orgFile = dir.resolve("org.yaml");
        Files.writeString(orgFile, org);
        server = TestServer.start(dir.resolve("data"), Optional.empty(), Map.of("tickets.orgFile", orgFile.toString(),
                "dialog.chatPageStaff", "true"),
                Clock.systemUTC(), b -> b);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String open(ChatClient resident, String where) throws Exception {
        resident.say(where + "楼道灯坏了好几天了");
        String opened = resident.say("跳过");
        Matcher m = Pattern.compile("工单号 (\\d{10,})").matcher(opened);
        assertThat(m.find()).as(opened).isTrue();
        assertThat(opened).contains("街道城市管理办公室");
        return m.group(1);
    }

    @Test
    void departmentStaff_acceptProgressResolve_andTheResidentHearsOfEachStep() throws Exception {
        ChatClient resident = new ChatClient(server, "web-resident-c1");
        String n = open(resident, "幸福小区3号楼2单元");
        resident.markPushes();
        ChatClient zhang = new ChatClient(server, "web-zhangwei");
        assertThat(zhang.say("帮助")).contains("干部指令");
        assertThat(zhang.say("我的待办")).contains(n);
        assertThat(zhang.say("查询 " + n)).contains("已派单").contains("楼道灯");
        assertThat(zhang.say("接单 " + n)).contains("已接单 " + n);
        assertThat(zhang.say("进展 " + n)).contains("请写上进展说明");
        assertThat(zhang.say("进展 " + n + " 已联系居民，明早上门")).contains("已记录进展");
        assertThat(zhang.say("办结 " + n + " 已更换楼道灯")).contains("已办结 " + n);
        var pushes = resident.pushes(3);
        assertThat(pushes).anyMatch(p -> p.contains("签收"));
        assertThat(pushes).anyMatch(p -> p.contains("明早上门"));
        assertThat(pushes).anyMatch(p -> p.contains("已办结") && p.contains("请评价"));
        assertThat(resident.say("1")).contains("感谢您的评价");
    }

    @Test
    void chatPageStaff_isOffByDefault_soAChatUserCannotPoseAsACadre() throws Exception {
        String org = Files.readString(dir.resolve("org.yaml"));
        try (TestServer plain = TestServer.start(dir.resolve("data-default"), Optional.empty(),
                Map.of("tickets.orgFile", dir.resolve("org.yaml").toString()), Clock.systemUTC(), b -> b)) {
            assertThat(org).contains("web-zhangwei");
            assertThat(new ChatClient(plain, "web-zhangwei").say("我的待办")).doesNotContain("待办工单")
                    .doesNotContain("暂无待办");
        }
    }

    @Test
    void anotherDepartment_isRefused_andReturnNeedsACode() throws Exception {
        ChatClient resident = new ChatClient(server, "web-resident-c2");
        String n = open(resident, "和平里7号楼1单元");
        ChatClient chen = new ChatClient(server, "web-chenlei");
        assertThat(chen.say("查询 " + n)).as("another department cannot read it").startsWith("没有找到工单");
        assertThat(chen.say("接单 " + n)).startsWith("无权操作");
        ChatClient zhang = new ChatClient(server, "web-zhangwei");
        assertThat(zhang.say("退单 " + n)).contains("原因代码");
        assertThat(zhang.say("退单 " + n + " R77 不对")).contains("原因代码不对");
        assertThat(zhang.say("退单 " + n + " R02 不属于本辖区，是隔壁街道的楼")).contains("已退单");
    }

    @Test
    void streetCadre_whistles_andSummonedDepartmentReportsIn() throws Exception {
        ChatClient resident = new ChatClient(server, "web-resident-c3");
        String n = open(resident, "东四十条甲22号院2号楼");
        ChatClient wang = new ChatClient(server, "web-wangjianguo");
        assertThat(wang.say("吹哨 " + n + " 不存在的部门")).contains("找不到部门");
        assertThat(wang.say("吹哨 " + n + " 街道综合行政执法队")).contains("已吹哨").contains("综合行政执法队");
        ChatClient chen = new ChatClient(server, "web-chenlei");
        assertThat(chen.say("报到 " + n + " 已到现场")).contains("已报到 " + n);
        assertThat(new ChatClient(server, "web-zhangwei").say("这是什么")).contains("没有看懂");
    }
}
