package io.shaozi.core.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shaozi.core.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bot import questions FILE.csv}: a bad file imports nothing and names each line and column; a good one
 * imports (and a second run updates by id), and the server started on the same data directory asks them.
 */
class ImportQuestionsCliTest {
    private static final String TOKEN = "questions-cli-admin";
    private static final String HEADER = "id,type,stem,A,B,C,D,answer,explanation,category\n";

    @TempDir
    Path dir;

    private static int cli(StringBuilder outText, StringBuilder errText, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        outText.append(out.toString(StandardCharsets.UTF_8));
        errText.append(err.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void importQuestions_isAllOrNothing_namesLineAndColumn_andTheServerSeesTheBank() throws Exception {
        Path data = dir.resolve("data");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, HEADER + "cli-1,single,题一,甲,乙,丙,丁,B,依据《章程》,命令行\n"
                + "cli-2,single,题二,甲,乙,,,C,,命令行\n" + "cli-3,judge,题三,,,,,A,,\n");
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        assertThat(cli(out, err, "import", "questions", bad.toString(), "--data", data.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nothing imported").contains("line 3: answer").contains("line 4: category");

        Path good = dir.resolve("good.csv");
        Files.writeString(good, HEADER + "cli-1,single,题一,甲,乙,丙,丁,B,依据《章程》,命令行\n"
                + "cli-2,multi,题二,甲,乙,丙,,AC,,命令行\n");
        out.setLength(0);
        err.setLength(0);
        assertThat(cli(out, err, "import", "questions", good.toString(), "--data", data.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("imported 2 questions");
        Files.writeString(good, HEADER + "cli-1,single,题一（改）,甲,乙,丙,丁,D,依据《章程》,命令行\n");
        assertThat(cli(out, err, "import", "questions", good.toString(), "--data", data.toString()))
                .as(err.toString()).isZero();
        StringBuilder ignored = new StringBuilder();
        assertThat(cli(ignored, ignored, "import", "questions")).as("usage").isEqualTo(2);

        try (TestServer s = TestServer.start(data, Optional.empty(), Map.of("admin.token", TOKEN), Clock.systemUTC(),
                UnaryOperator.identity())) {
            JsonNode qs = Json.MAPPER.readTree(s.getWithHeaders("/api/quiz/questions?category=%E5%91%BD%E4%BB%A4%E8%A1%8C",
                    Map.of("Authorization", "Bearer " + TOKEN)).body()).get("questions");
            assertThat(qs.findValuesAsText("id")).containsExactly("cli-1", "cli-2");
            assertThat(qs.get(0).get("stem").asText()).as("updated by id").isEqualTo("题一（改）");
            assertThat(qs.get(0).get("answer").asText()).isEqualTo("D");
            assertThat(qs.get(1).get("type").asText()).isEqualTo("multi");
        }
    }
}
