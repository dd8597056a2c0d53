package io.shaozi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigNodeTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void fileErrors_nameTheFileAndTheKeyPath() throws IOException {
        Path f = file("org.yaml", "departments:\n  - {code: a, duties: [\"\"]}\n");
        ConfigNode duty = ConfigNode.read(f).list("departments").get(0).list("duties").get(0);
        assertThatThrownBy(duty::text).isInstanceOf(ConfigException.class)
                .hasMessage(f + " at departments[0].duties[0]: must not be empty")
                .satisfies(e -> assertThat(((ConfigException) e).where()).isEqualTo("departments[0].duties[0]"));
        assertThatThrownBy(() -> ConfigNode.read(f).list("departments").get(0).text("name"))
                .hasMessage(f + " at departments[0].name: required key missing");
    }

    @Test
    void syntaxErrorsAndDuplicateKeys_nameTheLine() throws IOException {
        Path bad = file("bad.yaml", "a: [\n  - b: : :\n");
        assertThatThrownBy(() -> ConfigNode.read(bad)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(bad + " at line ").hasMessageContaining("malformed YAML");
        Path twice = file("twice.yaml", "a: 1\nb: 2\na: 3\n");
        assertThatThrownBy(() -> ConfigNode.read(twice)).hasMessageStartingWith(twice + " at line 3")
                .hasMessageContaining("'a'");
    }

    @Test
    void missingOrEmptyFile_isNamed() throws IOException {
        assertThatThrownBy(() -> ConfigNode.read(dir.resolve("none.yaml")))
                .hasMessage(dir.resolve("none.yaml") + ": file not found");
        Path empty = file("empty.yaml", "# nothing yet\n");
        assertThatThrownBy(() -> ConfigNode.read(empty).get("a")).hasMessage(empty + ": empty file");
        assertThat(ConfigNode.readTree(empty).isMissingNode()).isTrue();
        assertThatThrownBy(() -> ConfigNode.resource(ConfigNodeTest.class, "none.yaml"))
                .hasMessage("classpath:io/shaozi/config/none.yaml: resource not found");
    }

    @Test
    void sections_rejectKeysNobodyRead() throws IOException {
        ConfigNode root = ConfigNode.read(file("s.yaml", "server:\n  port: 80\n  prot: 81\n"));
        assertThatThrownBy(() -> root.section("server", n -> n.port("port", 8080)))
                .hasMessageEndingWith("at server.prot: unknown key");
        ConfigNode list = ConfigNode.read(file("l.yaml", "apps:\n  - {id: a, idd: b}\n"));
        assertThatThrownBy(() -> list.list("apps", n -> n.required("id"))).hasMessageEndingWith("at apps[0].idd: unknown key");
    }

    @Test
    void typedValues_checkTypeAndRange() throws IOException {
        ConfigNode n = ConfigNode.read(file("t.yaml", """
                count: 12
                big: 1_000
                ratio: "0.5"
                flag: "on"
                port: abc
                day: 2026-02-31
                names: [a, b]
                """));
        assertThat(n.int32("count", 0, 0, 100)).isEqualTo(12);
        assertThat(n.integer("big", 0, 0, 10_000)).isEqualTo(1000);
        assertThat(n.decimal("ratio", 0, 0, 1)).isEqualTo(0.5);
        assertThat(n.bool("flag", false)).isTrue();
        assertThat(n.string("absent", "def")).isEqualTo("def");
        assertThat(n.texts("names")).containsExactly("a", "b");
        assertThatThrownBy(() -> n.int32("count", 0, 0, 10)).hasMessageEndingWith("at count: 12 is out of range [0, 10]");
        assertThatThrownBy(() -> n.port("port", 80)).hasMessageEndingWith("at port: \"abc\" is not a port");
        assertThatThrownBy(() -> n.get("day").date()).hasMessageEndingWith("expected a date YYYY-MM-DD, got '2026-02-31'");
        assertThatThrownBy(() -> n.list("count")).hasMessageEndingWith("at count: expected a list, got 12");
        assertThat(ConfigNode.read(file("d.yaml", "day: 2026-02-28\n")).get("day").date())
                .isEqualTo(LocalDate.of(2026, 2, 28));
    }

    @Test
    void mergedTree_errorsNameTheKeyPathOnly_andOverridesWinAndAreRecorded() {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        tree.putObject("server").put("port", 80).put("host", "h");
        ConfigNode.Overrides o = new ConfigNode.Overrides(Map.of("ENV_SERVER_PORT", "abc", "ENV_SERVER_HOST", "x"),
                k -> "ENV_" + k.replace('.', '_').toUpperCase(Locale.ROOT));
        ConfigNode root = ConfigNode.root("", tree, o);
        String host = root.object("server").string("host", "");
        assertThat(host).isEqualTo("x");
        assertThatThrownBy(() -> root.object("server").port("port", 8080))
                .hasMessage("server.port: \"abc\" is not a port");
        assertThat(o.used()).containsExactlyInAnyOrder("ENV_SERVER_HOST", "ENV_SERVER_PORT");
        assertThat(o.effective()).containsEntry("server.host", "x");
        assertThat(root.object("server").strings("none", List.of("a"))).containsExactly("a");
    }
}
