package io.shaozi.nlp;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.collection.trie.bintrie.BinTrie;
import com.hankcs.hanlp.corpus.io.ResourceIOAdapter;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.dictionary.DynamicCustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that touches HanLP's static API. HanLP is configured to read every dictionary from the
 * classpath (its file-path defaults break inside a shaded jar), and the governance dictionary is kept in
 * a private {@link DynamicCustomDictionary} so that HanLP's global custom dictionary is left alone.
 */
final class HanLp {

    /** A token with its part-of-speech tag and its offset in the segmented text. */
    record Token(String word, String nature, int offset) {
        boolean isPlace() {
            return nature.startsWith("ns");
        }
    }

    static final String GOVERNANCE_DICTIONARY = "governance-dict.txt";

    private static final HanLp INSTANCE = new HanLp();

    private final Segment segment;
    private final Segment placeSegment;
    private final Segment plainSegment;
    private final List<String> governanceWords;

    private HanLp() {
        configure();
        this.governanceWords = readGovernanceWords();
        DynamicCustomDictionary base = CustomDictionary.DEFAULT;
        DynamicCustomDictionary dictionary =
                new DynamicCustomDictionary(base.dat, new BinTrie<CoreDictionary.Attribute>(), HanLP.Config.CustomDictionaryPath);
        for (String line : governanceWords) {
            String[] parts = line.split("\\s+", 2);
            dictionary.insert(parts[0], parts.length > 1 ? parts[1] : "n 2000");
        }
        this.segment = HanLP.newSegment()
                .enableCustomDictionary(dictionary)
                .enableOffset(true)
                .enablePlaceRecognize(false)
                .enableNameRecognize(false)
                .enableTranslatedNameRecognize(false)
                .enableJapaneseNameRecognize(false)
                .enableOrganizationRecognize(false);
        this.placeSegment = HanLP.newSegment()
                .enableCustomDictionary(dictionary)
                .enableOffset(true)
                .enablePlaceRecognize(true)
                .enableNameRecognize(false)
                .enableTranslatedNameRecognize(false)
                .enableJapaneseNameRecognize(false)
                .enableOrganizationRecognize(false);
        this.plainSegment = HanLP.newSegment().enableOffset(true);
        // warm up the lazily loaded dictionaries so that the first request is not slow
        segment.seg("楼道灯坏了");
        placeSegment.seg("朝阳区望京街道");
        HanLP.convertToSimplifiedChinese("樓道燈壞了");
    }

    static HanLp get() {
        return INSTANCE;
    }

    private static void configure() {
        HanLP.Config.IOAdapter = new ResourceIOAdapter();
        HanLP.Config.enableDebug(false);
        HanLP.Config.ShowTermNature = true;
        Logger.getLogger("HanLP").setLevel(Level.SEVERE);
    }

    private static List<String> readGovernanceWords() {
        InputStream in = HanLp.class.getResourceAsStream(GOVERNANCE_DICTIONARY);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + GOVERNANCE_DICTIONARY);
        }
        List<String> words = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    words.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(words);
    }

    /** The governance dictionary entries ("word [nature frequency]"). */
    List<String> governanceEntries() {
        return governanceWords;
    }

    /** Segments with the governance dictionary, no named-entity recognition (fast path). */
    List<Token> segment(String text) {
        return convert(segment.seg(text));
    }

    /** Segments with the governance dictionary and HanLP's place recognition (tags ns). */
    List<Token> segmentWithPlaces(String text) {
        return convert(placeSegment.seg(text));
    }

    /** HanLP's default segmentation without our dictionary; for tests that show what the dictionary fixes. */
    List<Token> segmentPlain(String text) {
        return convert(plainSegment.seg(text));
    }

    static String toSimplified(String text) {
        return HanLP.convertToSimplifiedChinese(text);
    }

    private static List<Token> convert(List<Term> terms) {
        List<Token> out = new ArrayList<>(terms.size());
        for (Term t : terms) {
            out.add(new Token(t.word, t.nature == null ? "x" : t.nature.toString(), t.offset));
        }
        return out;
    }
}
