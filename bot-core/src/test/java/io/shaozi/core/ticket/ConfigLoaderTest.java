package io.shaozi.core.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.config.ConfigException;
import io.shaozi.core.identity.OrgLoader;
import io.shaozi.nlp.Urgency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void calendarErrorsNameFileAndKey() throws IOException {
        Path bad = write("2026.yaml", "year: 2026\nholidays:\n  - name: 春节\n    dates: [\"2026-02-31\"]\n");
        assertThatThrownBy(() -> CalendarLoader.loadFile(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("2026.yaml").hasMessageContaining("holidays[0].dates[0]").hasMessageContaining("2026-02-31");
        Path weekday = write("w.yaml", "year: 2026\nworkdays: [\"2026-02-16\"]\n");
        assertThatThrownBy(() -> CalendarLoader.loadFile(weekday)).hasMessageContaining("workdays[0]")
                .hasMessageContaining("not a Saturday or Sunday");
        Path guess = write("2027.yaml", "year: 2027\nprovisional: true\nworkdays: [\"2027-02-06\"]\n");
        assertThatThrownBy(() -> CalendarLoader.loadFile(guess)).hasMessageContaining("provisional");
        Path syntax = write("s.yaml", "year: 2026\nholidays: [\n  - oops: : :\n");
        assertThatThrownBy(() -> CalendarLoader.loadFile(syntax)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("s.yaml at line");
        assertThatThrownBy(() -> CalendarLoader.loadFile(dir.resolve("missing.yaml"))).hasMessageContaining("missing.yaml")
                .hasMessageContaining("not found");
    }

    @Test
    void slaErrorsNameTheKey() throws IOException {
        String base = new String(getClass().getClassLoader().getResourceAsStream("defaults/sla.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Path bad = write("sla.yaml", base.replace("NORMAL:    {sign: 2wh", "NORMAL:    {sign: 2 weeks"));
        assertThatThrownBy(() -> SlaPolicy.load(bad, Fixtures.WORKING_TIME)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sla.yaml").hasMessageContaining("defaults.NORMAL.sign").hasMessageContaining("2 weeks");
        Path urgency = write("sla2.yaml", base.replace("  教育文体:\n    NORMAL:", "  教育文体:\n    SOON:"));
        assertThatThrownBy(() -> SlaPolicy.load(urgency, Fixtures.WORKING_TIME)).hasMessageContaining("categories.教育文体.SOON");
        Path ok = write("sla3.yaml", base);
        SlaPolicy p = SlaPolicy.load(ok, Fixtures.WORKING_TIME);
        assertThat(p.terms("劳动和社会保障", java.util.Optional.empty(), Urgency.NORMAL).resolve()).hasToString("15wd");
        assertThat(p.terms("城乡建设", java.util.Optional.of("物业照明"), Urgency.NORMAL).resolve()).hasToString("3wd");
        assertThat(p.terms("城乡建设", java.util.Optional.of("物业照明"), Urgency.NORMAL).sign()).hasToString("2wh");
        assertThat(p.terms("环境保护", java.util.Optional.empty(), Urgency.EMERGENCY).sign()).hasToString("30m");
        assertThat(p.bounceCap()).isEqualTo(2);
    }

    @Test
    void orgErrorsNameTheKey() throws IOException {
        String base = new String(getClass().getClassLoader().getResourceAsStream("defaults/org.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Path bad = write("org.yaml", base.replace("duties: [\"城乡建设\", \"城乡建设/物业照明\"", "duties: [\"城建\", \"城乡建设/物业照明\""));
        assertThatThrownBy(() -> OrgLoader.load(bad)).isInstanceOf(ConfigException.class).hasMessageContaining("org.yaml")
                .hasMessageContaining("departments[0].duties[0]").hasMessageContaining("城建");
        Path role = write("org2.yaml", base.replace("role: street_cadre, phone: \"13800100002\"", "role: mayor, phone: \"1\""));
        assertThatThrownBy(() -> OrgLoader.load(role)).hasMessageContaining("people[2].role").hasMessageContaining("mayor");
        Path dangling = write("org3.yaml", base.replace("department: \"jd-msb\"", "department: \"jd-none\""));
        assertThatThrownBy(() -> OrgLoader.load(dangling)).hasMessageContaining("unknown department jd-none");
    }

    @Test
    void shippedOrgIsRealisticAndRoutes() {
        var org = OrgLoader.load(Path.of("..", "config", "org.yaml"));
        assertThat(org.street().name()).isEqualTo("东华门街道");
        assertThat(org.communities()).hasSize(8);
        assertThat(org.problems()).isEmpty();
        for (String cat : io.shaozi.core.identity.Org.CATEGORIES) {
            assertThat(org.owner(cat, java.util.Optional.empty())).as(cat).isPresent();
        }
        assertThat(org.communityOf("王府井大街138号").orElseThrow().name()).isEqualTo("霞公府社区");
        assertThat(org.owner("商贸旅游", java.util.Optional.of("食品安全")).orElseThrow().code()).isEqualTo("qu-scjg");
    }
}
