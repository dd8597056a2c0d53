package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        Path p = dir.resolve("data.csv");
        Files.writeString(p, content);
        return p;
    }

    @Test
    void read_parsesQuotedMultiLineFieldsWithTheirStartLine() throws Exception {
        List<Dataset.Example> rows = Dataset.read(csv("""
                label,text
                城乡建设,楼道灯坏了
                环境保护,"噪音很大,
                晚上睡不着，""广场舞""太吵"
                交通运输,公交车太少
                """), List.of());
        assertThat(rows).extracting(Dataset.Example::label).containsExactly("城乡建设", "环境保护", "交通运输");
        assertThat(rows.get(1).text()).isEqualTo("噪音很大,\n晚上睡不着，\"广场舞\"太吵");
        assertThat(rows).extracting(Dataset.Example::line).containsExactly(2, 3, 5);
    }

    @Test
    void read_acceptsBomAndCrlf() throws Exception {
        List<Dataset.Example> rows = Dataset.read(csv("\uFEFFlabel,text\r\n城乡建设,楼道灯坏了\r\n"), List.of());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).text()).isEqualTo("楼道灯坏了");
    }

    @Test
    void read_missingHeaderNamesLineOne() throws Exception {
        Path p = csv("城乡建设,楼道灯坏了\n");
        assertThatThrownBy(() -> Dataset.read(p, List.of())).isInstanceOf(Dataset.DataException.class)
                .hasMessageContaining(p + ":1:").hasMessageContaining("header");
    }

    @Test
    void read_emptyLabelNamesItsLine() throws Exception {
        Path p = csv("label,text\n城乡建设,a\n,没有标签\n");
        assertThatThrownBy(() -> Dataset.read(p, List.of())).hasMessageContaining(p + ":3:")
                .hasMessageContaining("empty label");
    }

    @Test
    void read_unknownLabelNamesItsLineAndTheLabel() throws Exception {
        Path p = csv("label,text\n城乡建设,a\n城管,b\n");
        assertThatThrownBy(() -> Dataset.read(p, CategoryModel.CATEGORIES)).hasMessageContaining(p + ":3:")
                .hasMessageContaining("城管");
    }

    @Test
    void read_wrongFieldCountNamesItsLine() throws Exception {
        Path p = csv("label,text\n城乡建设,a,b\n");
        assertThatThrownBy(() -> Dataset.read(p, List.of())).hasMessageContaining(p + ":2:");
    }

    @Test
    void read_unterminatedQuoteNamesWhereItStarts() throws Exception {
        Path p = csv("label,text\n城乡建设,\"楼道灯\n坏了\n");
        assertThatThrownBy(() -> Dataset.read(p, List.of())).hasMessageContaining(p + ":2:")
                .hasMessageContaining("unterminated");
    }

    @Test
    void read_missingFileIsADataError() {
        assertThatThrownBy(() -> Dataset.read(dir.resolve("nope.csv"), List.of()))
                .isInstanceOf(Dataset.DataException.class).hasMessageContaining("nope.csv");
    }
}
