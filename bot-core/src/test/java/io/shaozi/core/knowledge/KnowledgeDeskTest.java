package io.shaozi.core.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shaozi.nlp.knowledge.KnowledgeEntry;
import io.shaozi.nlp.knowledge.KnowledgeException;
import io.shaozi.nlp.knowledge.KnowledgeMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeDeskTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void shipped_holdsTheSampleKnowledgeBase_everyEntryCitingItsRule() {
        List<KnowledgeEntry> shipped = KnowledgeDesk.shipped();
        assertThat(shipped).hasSizeGreaterThanOrEqualTo(30);
        assertThat(shipped).allSatisfy(e -> assertThat(e.answer()).contains("依据："));
        assertThat(shipped).extracting(KnowledgeEntry::title).anyMatch(t -> t.contains("居住证明"))
                .anyMatch(t -> t.contains("老年卡")).anyMatch(t -> t.contains("垃圾分类投放时间"))
                .anyMatch(t -> t.contains("独生子女")).anyMatch(t -> t.contains("低保"));
    }

    @Test
    void missingFolder_servesTheShippedEntries_readOnlyWithoutAFolder() {
        KnowledgeDesk desk = new KnowledgeDesk(Optional.of(dir.resolve("none")), CLOCK);
        assertThat(desk.state().source()).isEqualTo("shipped");
        assertThat(desk.base().size()).isEqualTo(KnowledgeDesk.shipped().size());
        KnowledgeDesk readOnly = new KnowledgeDesk(Optional.empty(), CLOCK);
        assertThat(readOnly.editable()).isFalse();
        assertThatThrownBy(() -> readOnly.put(new KnowledgeEntry("x", "t", List.of(), "a")))
                .isInstanceOf(KnowledgeException.class).hasMessageStartingWith("knowledge.dir");
    }

    @Test
    void folderEdits_areServedAfterThePoll_andBadFilesAreReportedNotLoaded() throws Exception {
        Files.writeString(dir.resolve("hours.md"), "# 社区居委会办公时间\n问：居委会几点上班\n\n周一至周五 8:30—17:30。\n");
        KnowledgeDesk desk = new KnowledgeDesk(Optional.of(dir), CLOCK);
        assertThat(desk.base().size()).isEqualTo(1);
        assertThat(desk.reloadIfChanged()).as("nothing changed").isFalse();

        Files.writeString(dir.resolve("card.md"), "# 老年卡办理\n问：老年卡怎么办\n\n持身份证到社区居委会申请。\n");
        Files.writeString(dir.resolve("broken.md"), "没有标题\n");
        assertThat(desk.reloadIfChanged()).isTrue();
        assertThat(desk.base().entries()).extracting(KnowledgeEntry::id).containsExactlyInAnyOrder("hours", "card");
        assertThat(desk.state().problems()).containsExactly("broken.md: title: the first line must be '# <title>'");
        assertThat(desk.base().match("老年卡在哪里办？")).isInstanceOf(KnowledgeMatch.Answer.class);

        // same size, new modification time: still noticed
        Path card = dir.resolve("card.md");
        Files.writeString(card, "# 老年卡办理\n问：老年卡怎么办\n\n持户口簿到社区居委会申请。\n");
        Files.setLastModifiedTime(card, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(desk.reloadIfChanged()).isTrue();
        assertThat(desk.base().entry("card").orElseThrow().answer()).contains("户口簿");

        Files.delete(card);
        assertThat(desk.reloadIfChanged()).isTrue();
        assertThat(desk.base().entry("card")).isEmpty();
    }

    @Test
    void put_intoAMissingFolder_seedsTheShippedEntriesFirst() throws Exception {
        Path kb = dir.resolve("kb");
        KnowledgeDesk desk = new KnowledgeDesk(Optional.of(kb), CLOCK);
        int shipped = desk.base().size();
        assertThat(desk.put(new KnowledgeEntry("pool", "游泳馆开放时间", List.of("游泳馆几点开门"), "每天 9:00—21:00。"))).isTrue();
        assertThat(desk.base().size()).isEqualTo(shipped + 1);
        assertThat(Files.readString(kb.resolve("pool.md"))).startsWith("# 游泳馆开放时间\n问：游泳馆几点开门\n");
        assertThat(desk.put(new KnowledgeEntry("pool", "游泳馆开放时间", List.of(), "每天 8:00—21:00。"))).isFalse();
        assertThat(desk.base().entry("pool").orElseThrow().answer()).contains("8:00");
        assertThat(desk.delete("pool")).isTrue();
        assertThat(desk.delete("pool")).isFalse();
        assertThat(desk.base().size()).isEqualTo(shipped);
        try (var files = Files.list(kb)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
