package io.shaozi.nlp.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeEntryTest {

    @Test
    void parse_readsTitleQuestionsAndAnswer() {
        KnowledgeEntry e = KnowledgeEntry.parse("office-hours", "\uFEFF# 办公时间\r\n问：几点上班\n问:周六上班吗\n\n周一至周五 8:30—17:30。\n依据：某规定\n");
        assertThat(e.title()).isEqualTo("办公时间");
        assertThat(e.questions()).containsExactly("几点上班", "周六上班吗");
        assertThat(e.answer()).isEqualTo("周一至周五 8:30—17:30。\n依据：某规定");
        assertThat(KnowledgeEntry.parse("office-hours", e.markdown())).isEqualTo(e);
    }

    @Test
    void parse_namesTheProblem() {
        assertThatThrownBy(() -> KnowledgeEntry.parse("a", "办公时间\n答案")).isInstanceOf(KnowledgeException.class)
                .extracting(x -> ((KnowledgeException) x).field()).isEqualTo("title");
        assertThatThrownBy(() -> KnowledgeEntry.parse("a", "# 办公时间\n问：几点\n")).hasMessageStartingWith("answer:");
        assertThatThrownBy(() -> KnowledgeEntry.parse("../x", "# t\n答")).hasMessageStartingWith("id:");
        assertThatThrownBy(() -> KnowledgeEntry.parse("a", "# " + "长".repeat(61) + "\n答")).hasMessageStartingWith("title:");
        assertThatThrownBy(() -> KnowledgeEntry.parse("a", "# t\n答\u0007")).hasMessageStartingWith("answer:");
        assertThatThrownBy(() -> KnowledgeEntry.parse("a", "# t\n" + "答".repeat(KnowledgeEntry.MAX_FILE)))
                .hasMessageStartingWith("file:");
        assertThatThrownBy(() -> new KnowledgeEntry("a", "t", List.of(""), "答")).hasMessageStartingWith("questions:");
    }

    @Test
    void folder_skipsBadFilesAndReportsThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.md"), "# 办公时间\n问：几点上班\n\n八点半。\n");
        Files.writeString(dir.resolve("bad.md"), "no title\n");
        Files.write(dir.resolve("latin1.md"), new byte[] {'#', ' ', (byte) 0xE9, '\n', 'a'});
        Files.writeString(dir.resolve("notes.txt"), "# ignored\nx");
        KnowledgeFolder.Read r = KnowledgeFolder.read(dir);
        assertThat(r.entries()).extracting(KnowledgeEntry::id).containsExactly("good");
        assertThat(r.problems()).containsExactly("bad.md: title: the first line must be '# <title>'",
                "latin1.md: file: not UTF-8");
    }
}
