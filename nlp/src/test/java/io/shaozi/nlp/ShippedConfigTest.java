package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operators' copy config/categories.yaml starts out as the rules the jar ships. */
class ShippedConfigTest {
    @Test
    void configCopy_equalsTheClasspathDefault() throws IOException {
        String shipped;
        try (InputStream in = ShippedConfigTest.class.getResourceAsStream("/io/shaozi/nlp/categories.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(Path.of("../config/categories.yaml"))).isEqualTo(shipped);
    }

    @Test
    void emergencies_areRoutedByRulesNotLeftToTheModel() {
        TextAnalyzer a = TextAnalyzer.load(new NlpSettings(Optional.empty(),
                Optional.of(Path.of("../config/categories.yaml")), NlpSettings.DEFAULT_UNSURE_THRESHOLD));
        assertThat(a.analyze("有个老人摔倒了起不来").category().label()).isEqualTo("卫生计生");
        assertThat(a.analyze("家里漏电了").category().subcategory()).contains("供电安全");
        assertThat(a.analyze("楼下着火了，浓烟很大").category().subcategory()).contains("消防安全");
    }
}
