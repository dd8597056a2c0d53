package io.shaozi.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimilarityIndexTest {

    private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private SimilarityIndex index;

    @BeforeEach
    void setUp() {
        index = new SimilarityIndex();
        index.add("t1", "花家地小区3号楼楼道灯坏了好几天了", Optional.of("花家地小区3号楼"), NOW.minusSeconds(3600));
        index.add("t2", "小区门口垃圾堆了一周没人清运", Optional.of("花家地小区"), NOW.minusSeconds(7200));
        index.add("t3", "望京西园楼道灯不亮", Optional.of("望京西园"), NOW.minusSeconds(600));
        index.add("t4", "花家地小区3号楼楼道灯坏了", Optional.of("花家地小区3号楼"), NOW.minus(Duration.ofDays(10)));
    }

    @Test
    void similar_findsTheSameProblemAtTheSamePlace() {
        List<SimilarityIndex.Match> m = index.similar("3号楼的楼道灯坏了", Optional.of("花家地小区3号楼"), NOW, DAY, 0.3);
        assertThat(m).extracting(SimilarityIndex.Match::id).containsExactly("t1");
        assertThat(m.get(0).score()).isBetween(0.3, 1.0);
    }

    /**
     * A short place inside a long query place shares too few bigrams for the Dice lookup: only the lookup of the
     * query's substrings finds it, and that lookup is limited to the lengths of the places held, so those counts must
     * survive the removal of another place of the same length (and go when the last one goes).
     */
    @Test
    void similar_findsAPlaceInsideTheQueryPlace_afterAnotherPlaceOfItsLengthIsRemoved() {
        SimilarityIndex ix = new SimilarityIndex();
        String text = "菜市场门口垃圾堆了好几天没人清理";
        String longPlace = "菜市场北门外东侧停车场入口";
        ix.add("a", text, Optional.of("菜市场"), NOW.minusSeconds(60));
        ix.add("b", text, Optional.of("体育馆"), NOW.minusSeconds(60));
        ix.remove("b");
        ix.add("c", text, Optional.of("体育馆"), NOW.minusSeconds(60));
        ix.add("c", text, Optional.of("图书馆西门"), NOW.minusSeconds(60)); // replaced: its old place length goes
        assertThat(ix.similar(text, Optional.of(longPlace), NOW, DAY, 0.5))
                .extracting(SimilarityIndex.Match::id).containsExactly("a");
        ix.remove("a");
        ix.add("d", text, Optional.of("菜市场"), NOW.minusSeconds(30));
        assertThat(ix.similar(text, Optional.of(longPlace), NOW, DAY, 0.5))
                .extracting(SimilarityIndex.Match::id).containsExactly("d");
    }

    @Test
    void similar_excludesOtherPlaces() {
        assertThat(index.similar("楼道灯坏了", Optional.of("望京西园"), NOW, DAY, 0.1))
                .extracting(SimilarityIndex.Match::id).containsExactly("t3");
    }

    @Test
    void similar_withoutPlaceMatchesAnyPlaceBestFirst() {
        List<SimilarityIndex.Match> m = index.similar("花家地小区3号楼楼道灯坏了", Optional.empty(), NOW, DAY, 0.1);
        assertThat(m).extracting(SimilarityIndex.Match::id).startsWith("t1").doesNotContain("t4");
        for (int i = 1; i < m.size(); i++) {
            assertThat(m.get(i).score()).isLessThanOrEqualTo(m.get(i - 1).score());
        }
    }

    @Test
    void similar_respectsTheTimeWindow() {
        assertThat(index.similar("花家地小区3号楼楼道灯坏了", Optional.empty(), NOW, Duration.ofDays(30), 0.5))
                .extracting(SimilarityIndex.Match::id).contains("t1", "t4");
    }

    @Test
    void similar_identicalTextScoresOne() {
        assertThat(index.similar("望京西园楼道灯不亮", Optional.empty(), NOW, DAY, 0.99))
                .extracting(SimilarityIndex.Match::score).containsExactly(1.0);
    }

    @Test
    void similar_unrelatedTextFindsNothing() {
        assertThat(index.similar("孩子学校收费不合理", Optional.empty(), NOW, DAY, 0.2)).isEmpty();
    }

    @Test
    void remove_dropsTheRequest() {
        index.remove("t1");
        index.remove("unknown");
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.similar("3号楼的楼道灯坏了", Optional.of("花家地小区3号楼"), NOW, DAY, 0.3)).isEmpty();
    }

    @Test
    void removeOlderThan_dropsOnlyOldRequests() {
        assertThat(index.removeOlderThan(NOW.minus(Duration.ofDays(2)))).isEqualTo(1);
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.similar("花家地小区3号楼楼道灯坏了", Optional.empty(), NOW, Duration.ofDays(30), 0.5))
                .extracting(SimilarityIndex.Match::id).containsExactly("t1");
    }

    @Test
    void add_sameIdReplacesTheEntry() {
        index.add("t3", "孩子学校收费不合理", Optional.empty(), NOW);
        assertThat(index.size()).isEqualTo(4);
        assertThat(index.similar("望京西园楼道灯不亮", Optional.empty(), NOW, DAY, 0.5)).isEmpty();
    }

    @Test
    void similar_emptyQueryFindsNothing() {
        assertThat(index.similar("", Optional.empty(), NOW, DAY, 0.0)).isEmpty();
        assertThat(new SimilarityIndex().similar("楼道灯", Optional.empty(), NOW, DAY, 0.0)).isEmpty();
    }

    @Test
    void samePlace_toleratesContainmentAndSmallDifferences() {
        assertThat(SimilarityIndex.samePlace(Optional.of("花家地小区"), Optional.of("花家地小区3号楼"))).isTrue();
        assertThat(SimilarityIndex.samePlace(Optional.of("花家地小区3号楼"), Optional.of("花家地小区三号楼"))).isTrue();
        assertThat(SimilarityIndex.samePlace(Optional.of("花家地小区"), Optional.of("望京西园"))).isFalse();
    }

    @Test
    void samePlace_separatesPlacesThatNameADifferentCommunityBuildingOrUnit() {
        // the Dice rule alone called these the same place (7 of 9 bigrams shared; 4 of 8 for the last pair)
        assertThat(SimilarityIndex.samePlace(Optional.of("幸福小区3号楼2单元"), Optional.of("和平小区3号楼2单元"))).isFalse();
        assertThat(SimilarityIndex.samePlace(Optional.of("花家地小区3号楼"), Optional.of("花家地小区5号楼"))).isFalse();
        assertThat(SimilarityIndex.samePlace(Optional.of("花家地小区3号楼1单元"), Optional.of("花家地小区3号楼2单元"))).isFalse();
        assertThat(SimilarityIndex.samePlace(Optional.of("安宁康乐福小区门口"), Optional.of("瑞祥泰盛福小区门口"))).isFalse();
        // the same community or road named with different surroundings stays one place
        assertThat(SimilarityIndex.samePlace(Optional.of("朝阳区花家地小区北门外停车场"), Optional.of("花家地小区3号楼"))).isTrue();
        assertThat(SimilarityIndex.samePlace(Optional.of("多福巷12号"), Optional.of("东城区多福巷12号院门口"))).isTrue();
        assertThat(SimilarityIndex.samePlace(Optional.of("花家地小区十二号楼"), Optional.of("花家地小区12号楼"))).isTrue();
    }

    @Test
    void similar_findsTheSameCommunityAlthoughThePlacesShareFewBigrams() {
        SimilarityIndex idx = new SimilarityIndex();
        idx.add("far", "北门外停车场的路灯坏了", Optional.of("朝阳区花家地小区北门外停车场东侧"), NOW.minusSeconds(60));
        idx.add("other", "北门外停车场的路灯坏了", Optional.of("朝阳区望京西园小区北门外停车场东侧"), NOW.minusSeconds(60));
        assertThat(idx.similar("停车场的路灯坏了", Optional.of("花家地小区3号楼"), NOW, DAY, 0.3)).extracting(m -> m.id())
                .containsExactly("far");
    }

    @Test
    void index_isSafeUnderConcurrentUse() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String id = "c" + thread + "-" + i;
                        index.add(id, "第" + i + "号楼楼道灯坏了", Optional.empty(), NOW);
                        index.similar("楼道灯坏了", Optional.empty(), NOW, DAY, 0.1);
                        if (i % 2 == 0) {
                            index.remove(id);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(index.size()).isEqualTo(4 + 4 * 100);
    }

    @Test
    void similar_withAPlace_findsExactlyTheUnplacedMatchesAtThatPlace() {
        // the place indexes only narrow the scan: the answer equals the place-blind answer filtered by samePlace
        java.util.Random random = new java.util.Random(12);
        String alphabet = "安宁康乐和小区号楼";
        SimilarityIndex big = new SimilarityIndex();
        for (int i = 0; i < 400; i++) {
            String place = randomText(random, alphabet, 1 + random.nextInt(6));
            big.add("e" + i, randomText(random, "灯坏垃圾噪音漏水堵车", 3 + random.nextInt(5)),
                    random.nextInt(5) == 0 ? Optional.empty() : Optional.of(place), NOW.minusSeconds(i));
        }
        for (int q = 0; q < 200; q++) {
            String text = randomText(random, "灯坏垃圾噪音漏水堵车", 2 + random.nextInt(5));
            Optional<String> place = Optional.of(randomText(random, alphabet, 1 + random.nextInt(6)));
            List<SimilarityIndex.Match> blind = big.similar(text, Optional.empty(), NOW, DAY, 0.0);
            assertThat(big.similar(text, place, NOW, DAY, 0.0))
                    .containsExactlyElementsOf(blind.stream().filter(m -> SimilarityIndex.samePlace(place, m.place())).toList());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5})
    void similar_withPlacesSharingCommonWords_stillEqualsThePlaceBlindAnswerFilteredBySamePlace(long seed) {
        // places of every length that share the words every place has (小区, 号楼, 门口): the per-length thresholds
        // must not drop a short place that matches by Dice or a long one that contains the query's place
        java.util.Random random = new java.util.Random(seed);
        String[] common = {"小区", "号楼", "门口", "单元", "胡同", ""};
        SimilarityIndex big = new SimilarityIndex();
        for (int i = 0; i < 600; i++) {
            String place = randomText(random, "东西南北幸福和平安康", random.nextInt(6))
                    + common[random.nextInt(common.length)] + randomText(random, "0123", random.nextInt(3))
                    + common[random.nextInt(common.length)];
            big.add("e" + i, randomText(random, "灯坏垃圾噪音漏水堵车", 3 + random.nextInt(5)),
                    place.isEmpty() || random.nextInt(8) == 0 ? Optional.empty() : Optional.of(place), NOW.minusSeconds(i));
        }
        for (int q = 0; q < 300; q++) {
            String text = randomText(random, "灯坏垃圾噪音漏水堵车", 2 + random.nextInt(5));
            String p = randomText(random, "东西南北幸福和平安康", random.nextInt(6)) + common[random.nextInt(common.length)]
                    + randomText(random, "0123", random.nextInt(3)) + common[random.nextInt(common.length)];
            if (p.isEmpty()) {
                continue;
            }
            Optional<String> place = Optional.of(p);
            List<SimilarityIndex.Match> blind = big.similar(text, Optional.empty(), NOW, DAY, 0.0);
            assertThat(big.similar(text, place, NOW, DAY, 0.0)).as(p)
                    .containsExactlyElementsOf(blind.stream().filter(m -> SimilarityIndex.samePlace(place, m.place())).toList());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {11, 12, 13})
    void similar_withNestedCommunitiesAndRemovals_stillEqualsThePlaceBlindAnswerFilteredBySamePlace(long seed) {
        // communities inside one another (平安小区, 东平安小区), places naming none, entries removed and replaced: the
        // community lookups must find every entry samePlace accepts
        java.util.Random random = new java.util.Random(seed);
        String[] tails = {"", "3号楼", "门口", "12号楼2单元", "东门"};
        java.util.function.Supplier<String> place = () -> random.nextInt(6) == 0
                ? randomText(random, "东西南北平安", 1 + random.nextInt(3)) + tails[random.nextInt(tails.length)]
                : randomText(random, "东西南北平安", 1 + random.nextInt(4)) + "小区" + tails[random.nextInt(tails.length)];
        SimilarityIndex big = new SimilarityIndex();
        for (int i = 0; i < 500; i++) {
            big.add("e" + i, randomText(random, "灯坏垃圾噪音漏水堵车", 3 + random.nextInt(5)), Optional.of(place.get()),
                    NOW.minusSeconds(i));
        }
        for (int i = 0; i < 500; i += 2 + random.nextInt(2)) {
            if (random.nextBoolean()) {
                big.remove("e" + i);
            } else {
                big.add("e" + i, randomText(random, "灯坏垃圾噪音漏水堵车", 3 + random.nextInt(5)), Optional.of(place.get()),
                        NOW.minusSeconds(i));
            }
        }
        for (int q = 0; q < 300; q++) {
            String text = randomText(random, "灯坏垃圾噪音漏水堵车", 2 + random.nextInt(5));
            Optional<String> p = Optional.of(place.get());
            List<SimilarityIndex.Match> blind = big.similar(text, Optional.empty(), NOW, DAY, 0.0);
            assertThat(big.similar(text, p, NOW, DAY, 0.0)).as(p.get())
                    .containsExactlyElementsOf(blind.stream().filter(m -> SimilarityIndex.samePlace(p, m.place())).toList());
        }
    }

    private static String randomText(java.util.Random random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
