package io.shaozi.nlp.knowledge;

import io.shaozi.nlp.Words;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * An immutable in-memory Lucene index over entries: BM25 over HanLP words and character bigrams of the title (twice)
 * and the 问 lines, boosted {@value #KEY_BOOST}, and over the answer's words. One term lookup a query term and field:
 * the cost of a query is mostly those lookups. Built once per
 * (re)load; searching is thread-safe.
 */
final class KnowledgeIndex {
    static final float KEY_BOOST = 2.5f;
    /** BM25's best this many are re-ranked by coverage. */
    static final int RERANK_DEPTH = 6;
    /** A query is its first this many normalized characters (a question is short; clauses stay well under 1024). */
    static final int MAX_QUERY = 80;

    private static final String ORD = "ord";
    /** Title (twice) and questions: words and bigrams. */
    private static final String KEY = "k";
    /** The answer: words only (an answer's bigrams cost most and decide little). */
    private static final String ANSWER = "a";

    /** Particles, pronouns and question words: no topic in them. */
    static final Set<String> STOP_WORDS = Set.of("的", "了", "吗", "呢", "吧", "啊", "呀", "哦", "嘛", "么", "我", "我们", "你",
            "你们", "您", "他", "她", "它", "是", "在", "有", "要", "想", "请问", "请", "问", "问下", "一下", "怎么", "怎样", "如何",
            "什么", "啥", "咋", "哪里", "哪儿", "哪", "几", "多少", "可以", "能", "能不能", "需要", "去", "和", "与", "及", "或",
            "就", "都", "还", "也", "这", "那", "这个", "那个", "个", "给", "把", "被", "让", "到", "对", "从", "为", "得", "地",
            "着", "过", "吗?", "不", "没", "没有", "是不是", "有没有", "一个", "咱", "咱们", "家", "俺", "现在", "知道", "告诉",
            "谢谢", "你好", "您好", "哪个", "时候", "什么样", "上", "下", "里");
    /** Verbs and nouns of any errand: they count little towards coverage (a question about 护照 is not about 办理). */
    static final Set<String> GENERIC_WORDS = Set.of("办理", "办", "申请", "开", "领", "领取", "需要", "材料", "手续", "条件",
            "流程", "时间", "地方", "找", "谁", "交", "问题", "事情", "事", "情况", "有人", "弄", "搞", "规定", "政策");
    /** Colloquial spellings folded before indexing and searching. */
    private static final String[][] FOLD = {{"星期天", "周日"}, {"星期日", "周日"}, {"礼拜天", "周日"}, {"礼拜日", "周日"},
        {"星期", "周"}, {"礼拜", "周"}, {"咋", "怎么"}, {"啥", "什么"}, {"哪儿", "哪里"}, {"俺", "我"}};
    private static final String STOP_CHARS = "的了吗呢吧啊呀哦嘛么我你您他她它是在有要想请问怎样如何什啥咋哪几多少可以能需去和与及或就都还也这那个给把被让到对从为得地着过不没咱俺";

    private final List<KnowledgeEntry> entries;
    private final List<String> askTexts;
    private final List<String> answerTexts;
    private final IndexSearcher searcher;
    /** Every word of every entry. */
    private final Set<String> vocabulary;
    /** Every character and character pair of every entry's title, questions and answer (for {@link #strictBound}). */
    private final Set<String> pieces;

    private KnowledgeIndex(List<KnowledgeEntry> entries, List<String> askTexts, List<String> answerTexts,
                           Set<String> vocabulary, IndexSearcher searcher) {
        this.vocabulary = vocabulary;
        Set<String> p = new java.util.HashSet<>();
        for (List<String> texts : List.of(askTexts, answerTexts)) {
            for (String t : texts) {
                for (int i = 0; i < t.length(); i++) {
                    p.add(t.substring(i, i + 1));
                    if (i + 1 < t.length()) {
                        p.add(t.substring(i, i + 2));
                    }
                }
            }
        }
        this.pieces = Set.copyOf(p);
        this.entries = entries;
        this.askTexts = askTexts;
        this.answerTexts = answerTexts;
        this.searcher = searcher;
    }

    /** A ranked candidate with the share of the query's topic words that the entry's title or questions contain. */
    record Scored(KnowledgeEntry entry, float score, double coverage, double strictCoverage) {}

    static KnowledgeIndex build(List<KnowledgeEntry> entries) {
        List<KnowledgeEntry> copy = List.copyOf(entries);
        List<String> ask = new ArrayList<>(copy.size());
        List<String> ans = new ArrayList<>(copy.size());
        Set<String> vocabulary = new java.util.HashSet<>();
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        Analyzer analyzer = new WhitespaceAnalyzer();
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity())
                .setRAMBufferSizeMB(64);
        try (IndexWriter w = new IndexWriter(dir, cfg)) {
            for (int i = 0; i < copy.size(); i++) {
                KnowledgeEntry e = copy.get(i);
                String title = compactNormalized(e.title());
                String questions = compactNormalized(String.join("；", e.questions()));
                String answer = compactNormalized(e.answer());
                ask.add(title + "；" + questions);
                ans.add(answer);
                Document d = new Document();
                d.add(new StoredField(ORD, i));
                // the title twice (BM25's term frequency makes it count more than one question), then the questions
                List<String> key = new ArrayList<>();
                for (String t : new String[] {title, title, questions}) {
                    List<String> ws = words(t);
                    key.addAll(ws);
                    key.addAll(grams(t));
                    vocabulary.addAll(ws);
                }
                List<String> answerWords = words(answer);
                vocabulary.addAll(answerWords);
                d.add(new TextField(KEY, String.join(" ", key), Field.Store.NO));
                d.add(new TextField(ANSWER, String.join(" ", answerWords), Field.Store.NO));
                w.addDocument(d);
            }
            w.commit();
            IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(dir));
            searcher.setSimilarity(new BM25Similarity());
            searcher.setQueryCache(null); // term queries over a small in-memory index: nothing worth caching
            return new KnowledgeIndex(copy, List.copyOf(ask), List.copyOf(ans), Set.copyOf(vocabulary), searcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the knowledge index", e);
        }
    }

    List<KnowledgeEntry> entries() {
        return entries;
    }

    /** A query as searched: its first {@link #MAX_QUERY} compacted characters and their topic words. */
    record Prepared(String q, List<String> words) {}

    static Prepared prepare(String normalized) {
        String q = compact(normalized);
        if (q.length() > MAX_QUERY) {
            q = q.substring(0, Character.isHighSurrogate(q.charAt(MAX_QUERY - 1)) ? MAX_QUERY - 1 : MAX_QUERY);
        }
        return new Prepared(q, words(q));
    }

    /** The best {@code k} entries for an already normalized query, best first. */
    List<Scored> search(String normalized, int k) {
        return search(prepare(normalized), k);
    }

    /**
     * An upper bound of every entry's {@link Scored#strictCoverage()} for the query, without searching: the share of
     * its topic words (weighted as in the coverage) of which every character pair occurs somewhere in the entries'
     * texts. A word an entry's text contains passes that test, so no entry covers more. Costs a few set lookups per
     * word where a BM25 search costs a term lookup per term and field (measured: the search was a fifth of the CPU of
     * opening a ticket from a statement such as "小区门口的诊所卖过期药", which no entry can answer).
     */
    double strictBound(Prepared p) {
        double total = 0;
        double found = 0;
        for (String w : new LinkedHashSet<>(p.words())) {
            double weight = weight(w);
            total += weight;
            if (mayOccur(w)) {
                found += weight;
            }
        }
        return total == 0 ? 0 : found / total;
    }

    /** A topic word's weight in the coverage: its length, a third of it for an errand word. */
    private static double weight(String w) {
        return GENERIC_WORDS.contains(w) ? w.length() * 0.3 : w.length();
    }

    /** False when some character (pair) of {@code w} is in no entry's text, i.e. no entry's text contains it. */
    private boolean mayOccur(String w) {
        if (w.length() == 1) {
            return pieces.contains(w);
        }
        for (int i = 0; i + 1 < w.length(); i++) {
            if (!pieces.contains(w.substring(i, i + 2))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #search(String, int)} of a prepared query. */
    List<Scored> search(Prepared p, int k) {
        List<String> words = p.words();
        // bigrams of the words no entry has (another segmentation, a typo, a longer compound): a known word is its
        // own best term, and bigrams across word boundaries match little but noise
        Set<String> grams = new LinkedHashSet<>();
        for (String w : words) {
            if (!known(w)) {
                grams.addAll(grams(w));
            }
        }
        if (entries.isEmpty() || words.isEmpty() && grams.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        Set<String> keyTerms = new LinkedHashSet<>(words);
        keyTerms.addAll(grams);
        for (String t : keyTerms) {
            b.add(boosted(KEY, t, KEY_BOOST), BooleanClause.Occur.SHOULD);
        }
        for (String w : new LinkedHashSet<>(words)) {
            b.add(new TermQuery(new Term(ANSWER, w)), BooleanClause.Occur.SHOULD);
        }
        try {
            // top-k only (no total hit count): lets Lucene skip documents that cannot make the top k
            int depth = Math.max(k, RERANK_DEPTH);
            TopDocs top = searcher.search(b.build(), new TopScoreDocCollectorManager(depth, null, depth));
            List<Scored> out = new ArrayList<>(top.scoreDocs.length);
            var stored = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                int ord = stored.document(sd.doc).getField(ORD).numericValue().intValue();
                out.add(new Scored(entries.get(ord), sd.score, coverage(words, ord, true), coverage(words, ord, false)));
            }
            // BM25 finds the candidates; among them, the one whose title and questions cover most of the question wins
            out.sort(java.util.Comparator.comparingDouble(Scored::coverage).reversed()
                    .thenComparing(java.util.Comparator.comparingDouble(Scored::score).reversed()));
            return List.copyOf(out.subList(0, Math.min(k, out.size())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Query boosted(String field, String term, float boost) {
        return new BoostQuery(new TermQuery(new Term(field, term)), boost);
    }

    /**
     * The share (by characters) of the query's topic words found in the entry's title or questions; a word found only
     * in the answer counts half, errand words ({@link #GENERIC_WORDS}) a third, words no entry has half. Zero unless a
     * word other than an errand word is found. Without {@code unknownHalf}, words no entry has count in full (strict:
     * a question about 社保补缴 is not answered with the entry on 社保卡).
     */
    private double coverage(List<String> words, int ord, boolean unknownHalf) {
        String ask = askTexts.get(ord);
        String answer = answerTexts.get(ord);
        double total = 0;
        double found = 0;
        boolean specific = false;
        for (String w : new LinkedHashSet<>(words)) {
            double weight = weight(w);
            if (unknownHalf && !known(w)) {
                weight /= 2; // a word no entry has: context ("我妈今年六十了") or a topic the base lacks (护照)
            }
            total += weight;
            if (ask.contains(w)) {
                found += weight;
                specific |= !GENERIC_WORDS.contains(w);
            } else if (answer.contains(w)) {
                found += weight / 2.0;
                specific |= !GENERIC_WORDS.contains(w);
            }
        }
        return total == 0 || !specific ? 0 : found / total;
    }

    /** Whether any entry has the word. */
    private boolean known(String w) {
        return vocabulary.contains(w);
    }

    static String compactNormalized(String raw) {
        return compact(io.shaozi.nlp.Normalizer.normalize(raw));
    }

    /** Lower case, spaces removed (Chinese has none; a stray one only breaks bigrams). */
    static String compact(String normalized) {
        String s = normalized.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        for (String[] f : FOLD) {
            if (s.contains(f[0])) {
                s = s.replace(f[0], f[1]);
            }
        }
        return s;
    }

    /** HanLP words that carry a topic: no punctuation, no stop words. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : Words.of(text)) {
            if (!STOP_WORDS.contains(w) && w.codePoints().anyMatch(Character::isLetterOrDigit)) {
                out.add(w);
            }
        }
        return out;
    }

    /** Character bigrams inside runs of letters and digits (a lone character stands for itself), not both stop chars. */
    static Set<String> grams(String text) {
        Set<String> out = new LinkedHashSet<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && Character.isLetterOrDigit(text.charAt(j))) {
                j++;
            }
            if (j - i == 1) {
                if (STOP_CHARS.indexOf(text.charAt(i)) < 0) {
                    out.add(text.substring(i, j));
                }
            } else {
                for (int k = i; k + 1 < j; k++) {
                    if (STOP_CHARS.indexOf(text.charAt(k)) < 0 || STOP_CHARS.indexOf(text.charAt(k + 1)) < 0) {
                        out.add(text.substring(k, k + 2));
                    }
                }
            }
            i = j;
        }
        return out;
    }
}
