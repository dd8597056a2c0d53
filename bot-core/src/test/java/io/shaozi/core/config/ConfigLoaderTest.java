package io.shaozi.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static ConfigLoader.Loaded load(Optional<Path> def, Optional<Path> extra, Map<String, String> env,
                                            Map<String, String> cli) {
        return ConfigLoader.load(def, extra, env, cli);
    }

    @Test
    void defaults_applyWithNoFiles() {
        ShaoziConfig c = load(Optional.empty(), Optional.empty(), Map.of(), Map.of()).config();
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.server().maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(c.storage().url()).isEmpty();
        assertThat(c.storage().effectiveUrl()).startsWith("jdbc:h2:file:");
        assertThat(c.redis().enabled()).isFalse();
    }

    @Test
    void precedence_fileThenExtraThenEnvThenCli() throws IOException {
        Path def = yaml("a.yaml", "server:\n  port: 1111\n  workerThreads: 3\n  idleTimeoutSeconds: 5\n");
        Path extra = yaml("b.yaml", "server:\n  port: 2222\n  workerThreads: 4\n");
        ShaoziConfig fileOnly = load(Optional.of(def), Optional.empty(), Map.of(), Map.of()).config();
        assertThat(fileOnly.server().port()).isEqualTo(1111);
        ShaoziConfig withExtra = load(Optional.of(def), Optional.of(extra), Map.of(), Map.of()).config();
        assertThat(withExtra.server().port()).isEqualTo(2222);
        assertThat(withExtra.server().idleTimeoutSeconds()).isEqualTo(5);
        ShaoziConfig withEnv = load(Optional.of(def), Optional.of(extra),
                Map.of("SHAOZI_SERVER_PORT", "3333", "SHAOZI_SERVER_WORKERTHREADS", "9", "PATH", "/bin"),
                Map.of()).config();
        assertThat(withEnv.server().port()).isEqualTo(3333);
        assertThat(withEnv.server().workerThreads()).isEqualTo(9);
        ShaoziConfig withCli = load(Optional.of(def), Optional.of(extra), Map.of("SHAOZI_SERVER_PORT", "3333"),
                Map.of("server.port", "4444")).config();
        assertThat(withCli.server().port()).isEqualTo(4444);
    }

    @Test
    void missingDefaultFile_isSkipped_butMissingExtraFileIsAnError() {
        assertThat(load(Optional.of(dir.resolve("none.yaml")), Optional.empty(), Map.of(), Map.of()).config()
                .server().port()).isEqualTo(8080);
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(dir.resolve("none.yaml")), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("none.yaml").hasMessageContaining("not found");
    }

    @Test
    void badPort_isRejectedNamingKeyAndValue() throws IOException {
        Path p = yaml("c.yaml", "server:\n  port: abc\n");
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(p), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("server.port: \"abc\" is not a port");
        assertThatThrownBy(() -> load(Optional.empty(), Optional.empty(), Map.of("SHAOZI_SERVER_PORT", "70000"),
                Map.of())).hasMessage("server.port: \"70000\" is not a port");
    }

    @Test
    void outOfRangeNumber_namesKeyAndRange() throws IOException {
        Path p = yaml("d.yaml", "server:\n  maxBodyBytes: 10\n");
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(p), Map.of(), Map.of()))
                .hasMessageStartingWith("server.maxBodyBytes: 10 is out of range");
    }

    @Test
    void unknownKey_isAnError() throws IOException {
        Path p = yaml("e.yaml", "server:\n  prot: 8080\n");
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(p), Map.of(), Map.of()))
                .hasMessage("server.prot: unknown key");
        Path top = yaml("f.yaml", "sever:\n  port: 8080\n");
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(top), Map.of(), Map.of()))
                .hasMessage("sever: unknown key");
    }

    @Test
    void unknownEnvironmentKey_isAnError() {
        assertThatThrownBy(() -> load(Optional.empty(), Optional.empty(), Map.of("SHAOZI_SERVER_PROT", "1"), Map.of()))
                .hasMessage("SHAOZI_SERVER_PROT: no such configuration key");
    }

    @Test
    void malformedYaml_namesFileAndLine() throws IOException {
        Path p = yaml("g.yaml", "server:\n  port: 1\n  port: 2\n");
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(p), Map.of(), Map.of()))
                .hasMessageContaining("g.yaml at line 3").hasMessageContaining("port");
    }

    @Test
    void wrongShape_isAnError() throws IOException {
        Path p = yaml("h.yaml", "server: 8080\n");
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(p), Map.of(), Map.of()))
                .hasMessage("server: expected a mapping of keys, got 8080");
    }

    @Test
    void badUrls_areRejected() {
        assertThatThrownBy(() -> load(Optional.empty(), Optional.empty(),
                Map.of("SHAOZI_STORAGE_URL", "mysql://x"), Map.of()))
                .hasMessage("storage.url: \"mysql://x\" is not a jdbc:postgresql: or jdbc:h2: URL");
        assertThatThrownBy(() -> load(Optional.empty(), Optional.empty(),
                Map.of("SHAOZI_REDIS_URL", "127.0.0.1:6379"), Map.of()))
                .hasMessage("redis.url: \"127.0.0.1:6379\" is not a redis:// URL");
    }

    @Test
    void effectiveConfig_masksEverySecret() {
        ConfigLoader.Loaded l = load(Optional.empty(), Optional.empty(), Map.of(
                "SHAOZI_ADMIN_TOKEN", "adm-SECRET-1",
                "SHAOZI_STORAGE_PASSWORD", "pw-SECRET-2",
                "SHAOZI_CHANNELS_GENERIC_SECRET", "gen-SECRET-3",
                "SHAOZI_REDIS_URL", "redis://user:pw-SECRET-4@127.0.0.1:6379",
                "SHAOZI_STORAGE_URL", "jdbc:postgresql://db:5432/shaozi?user=s&password=pw-SECRET-5"), Map.of());
        String described = l.describe();
        assertThat(described).doesNotContain("SECRET").contains("admin.token = ****")
                .contains("storage.password = ****").contains("channels.generic.secret = ****");
        assertThat(l.config().admin().token()).isEqualTo("adm-SECRET-1");
        assertThat(l.config().toString()).doesNotContain("SECRET");
    }

    @Test
    void dingTalkAndFeishu_areReadWithDefaults_andEverySecretIsMasked() throws IOException {
        Path f = yaml("ding.yaml", """
                channels:
                  dingtalk:
                    robots:
                      - {id: street-robot, appKey: dingrobot, appSecret: robot-SECRET-1}
                    apps:
                      - {id: street-app, appKey: dingapp, appSecret: app-SECRET-2, token: tok-SECRET-3,
                         aesKey: abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG, receiveId: dingapp, agentId: "123"}
                    groupWebhooks:
                      - {id: leaders, url: "https://oapi.dingtalk.com/robot/send?access_token=hook-SECRET-4",
                         secret: SEC-SECRET-5}
                  feishu:
                    apps:
                      - {id: lark, appId: cli_1, appSecret: fs-SECRET-6, verificationToken: vt-SECRET-7,
                         encryptKey: ek-SECRET-8}
                """);
        ConfigLoader.Loaded l = load(Optional.empty(), Optional.of(f), Map.of(), Map.of());
        io.shaozi.adapters.dingtalk.DingTalkChannel.Settings d = l.config().channels()
                .settings(io.shaozi.adapters.dingtalk.DingTalkChannel.TYPE);
        assertThat(d.timestampWindowSeconds()).isEqualTo(3600);
        assertThat(d.apiBase()).isEqualTo("https://oapi.dingtalk.com");
        assertThat(d.openApiBase()).isEqualTo("https://api.dingtalk.com");
        assertThat(d.allowedWebhookHosts()).containsExactly("oapi.dingtalk.com");
        assertThat(d.robots().get(0).aesKey()).isEmpty();
        assertThat(d.apps().get(0).agentId()).contains("123");
        assertThat(d.groupWebhooks().get(0).secret()).contains("SEC-SECRET-5");
        assertThat(l.config().channels().settings(io.shaozi.adapters.feishu.FeishuChannel.TYPE).apps().get(0).encryptKey()).contains("ek-SECRET-8");
        assertThat(l.config().channels().settings(io.shaozi.adapters.feishu.FeishuChannel.TYPE).apiBase()).isEqualTo("https://open.feishu.cn");
        assertThat(l.describe()).doesNotContain("SECRET").contains("channels.dingtalk.groupWebhooks[0].url = ****");
        assertThat(l.config().toString()).doesNotContain("SECRET");
    }

    @Test
    void dingTalkAndFeishu_errorsNameTheKeyPath() throws IOException {
        Path badAes = yaml("bad1.yaml", """
                channels:
                  dingtalk:
                    apps:
                      - {id: a, appKey: k, appSecret: s, token: t, aesKey: short, receiveId: k}
                """);
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(badAes), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("channels.dingtalk.apps[0]: ")
                .hasMessageContaining("aesKey");
        Path twice = yaml("bad2.yaml", """
                channels:
                  feishu:
                    apps:
                      - {id: x, appId: a, appSecret: s, verificationToken: v}
                      - {id: x, appId: b, appSecret: s, verificationToken: v}
                """);
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(twice), Map.of(), Map.of()))
                .hasMessage("channels.feishu.apps[1].id: \"x\" is used twice");
        Path unknown = yaml("bad3.yaml", """
                channels:
                  dingtalk:
                    robots:
                      - {id: r, appKey: k, appSecret: s, apSecret: typo}
                """);
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(unknown), Map.of(), Map.of()))
                .hasMessage("channels.dingtalk.robots[0].apSecret: unknown key");
        Path host = yaml("bad4.yaml", """
                channels:
                  dingtalk:
                    allowedWebhookHosts: ["ftp://evil.example"]
                """);
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(host), Map.of(), Map.of()))
                .hasMessageStartingWith("channels.dingtalk.allowedWebhookHosts: ");
        Path noUrl = yaml("bad5.yaml", """
                channels:
                  dingtalk:
                    groupWebhooks:
                      - {id: g}
                """);
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(noUrl), Map.of(), Map.of()))
                .hasMessage("channels.dingtalk.groupWebhooks[0].url: is required");
    }

    @Test
    void channelLimits_defaultToTheDeclaredQuotas_areOverridden_andBadOnesNameTheKey() throws IOException {
        ShaoziConfig plain = load(Optional.empty(), Optional.empty(), Map.of(), Map.of()).config();
        assertThat(plain.channels().limitsOf(io.shaozi.adapters.common.Channel.DINGTALK))
                .extracting(io.shaozi.adapters.channel.RateLimit::name, io.shaozi.adapters.channel.RateLimit::rate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("groupRobot", "20/1m"));
        Path f = yaml("limits.yaml", """
                channels:
                  dingtalk:
                    limits:
                      groupRobot: 10/1m
                """);
        ShaoziConfig c = load(Optional.empty(), Optional.of(f), Map.of(),
                Map.of("channels.wechat.limits.customSend", "5/s")).config();
        assertThat(c.channels().limitsOf(io.shaozi.adapters.common.Channel.DINGTALK).get(0).permits()).isEqualTo(10);
        assertThat(c.channels().limitsOf(io.shaozi.adapters.common.Channel.WECHAT).get(0).rate()).isEqualTo("5/1s");
        assertThatThrownBy(() -> load(Optional.empty(), Optional.empty(), Map.of(),
                Map.of("channels.dingtalk.limits.groupRobot", "twenty a minute")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("channels.dingtalk.limits.groupRobot: \"twenty a minute\" is not a rate");
        Path typo = yaml("typo.yaml", """
                channels:
                  feishu:
                    limits:
                      perChats: 5/1s
                """);
        assertThatThrownBy(() -> load(Optional.empty(), Optional.of(typo), Map.of(), Map.of()))
                .hasMessage("channels.feishu.limits.perChats: unknown key");
    }

    @Test
    void shippedConfigFile_loadsWithoutErrors() {
        Path shipped = Path.of("../config/shaozi.yaml");
        assertThat(shipped).exists();
        ShaoziConfig c = load(Optional.of(shipped), Optional.empty(), Map.of(), Map.of()).config();
        assertThat(c.server().port()).isEqualTo(8080);
    }

    @Test
    void genericCallback_isReadFromEnv_andMustBeAnHttpUrl() {
        ShaoziConfig c = load(Optional.empty(), Optional.empty(), Map.of(
                "SHAOZI_CHANNELS_GENERIC_CALLBACKURL", "https://hooks.example.org/shaozi?token=t-1",
                "SHAOZI_CHANNELS_GENERIC_CALLBACKTIMEOUTMILLIS", "2500"), Map.of()).config();
        assertThat(c.channels().generic().callbackUrl()).isEqualTo("https://hooks.example.org/shaozi?token=t-1");
        assertThat(c.channels().generic().callbackTimeout()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThat(c.channels().generic().toString()).doesNotContain("t-1");
        assertThat(load(Optional.empty(), Optional.empty(), Map.of(), Map.of()).config().channels().generic().pushes())
                .isFalse();
        assertThatThrownBy(() -> load(Optional.empty(), Optional.empty(),
                Map.of("SHAOZI_CHANNELS_GENERIC_CALLBACKURL", "ftp://hooks.example.org/x"), Map.of()))
                .hasMessageContaining("channels.generic.callbackUrl");
    }

    @Test
    void envName_followsTheContract() {
        assertThat(ConfigLoader.envName("server.port")).isEqualTo("SHAOZI_SERVER_PORT");
        assertThat(ConfigLoader.envName("channels.wechat.accounts[0].token"))
                .isEqualTo("SHAOZI_CHANNELS_WECHAT_ACCOUNTS_0_TOKEN");
    }
}
