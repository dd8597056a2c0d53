package io.shaozi.nlp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Near-duplicate open requests: TF-IDF cosine over character 2- and 3-grams of the normalized text, restricted to
 * a time window and to the same place. Places are compared by their parsed parts first (district, street, road,
 * community, building, unit, room, as {@link EntityExtractor} reads an address; Chinese numerals as digits):
 * <ul>
 * <li>a part both places name, with values neither of which contains the other, makes them two places
 *     (幸福小区3号楼 ≠ 和平小区3号楼; 花家地小区3号楼 ≠ 花家地小区5号楼);</li>
 * <li>otherwise they are the same when, normalized, one contains the other, or they name the same community or road,
 *     or their character bigrams overlap by at least half (Dice; for places the parser cannot read).</li>
 * </ul>
 * An entry or query without a place matches any place. An automatic merge folds a resident's report into another
 * ticket, so the rule leans to "two places": two reports about one problem that stay apart cost a cadre a look,
 * a wrong merge loses a report.
 * Thread-safe (read-write lock); similar() costs time proportional to the postings of the query's n-grams.
 */
public final class SimilarityIndex {

    /** A similar open request: its id, cosine score 0..1, place and time. */
    public record Match(String id, double score, Optional<String> place, Instant at) {}

    /**
     * An entry's n-grams as references to their postings ({@code grams[i]} occurs {@code tf[i]} times): scoring reads
     * each one's document frequency without a lookup in {@link #postings} (hundreds of thousands of keys).
     */
    private record Entry(String id, Posting[] grams, int[] tf, Optional<String> place, Set<String> placeGrams,
            Map<String, String> placeParts, Instant at) {}

    /** The entries containing one n-gram. */
    private static final class Posting {
        final String gram;
        final Set<String> ids = new HashSet<>();

        Posting(String gram) {
            this.gram = gram;
        }
    }

    private static final double PLACE_MATCH = 0.5;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Posting> postings = new HashMap<>();
    /** Entries by the bigrams of their place, by their whole place, and those without a place (any place). */
    private final Map<String, Set<String>> placePostings = new HashMap<>();
    /** The same postings split by the number of bigrams of the entry's place ({@link #lengthKey}). */
    private final Map<String, Set<String>> placePostingsByLength = new HashMap<>();
    /** How many entries have a place of each bigram count (at least one bigram). */
    private final Map<Integer, Integer> placeLengths = new java.util.TreeMap<>();
    /**
     * {@link #placePostingsByLength} and {@link #placeLengths} of the entries whose place names no community: the only
     * ones a query naming a community can match by Dice alone (a place naming an unrelated community never matches).
     */
    private final Map<String, Set<String>> freePostingsByLength = new HashMap<>();
    private final Map<Integer, Integer> freeLengths = new java.util.TreeMap<>();
    /** The communities entries name, by their characters and character pairs (a community containing another's). */
    private final Map<String, Set<String>> communitiesByPiece = new HashMap<>();
    /** How many entries name each community (a community leaves {@link #communitiesByPiece} with its last entry). */
    private final Map<String, Integer> communityCounts = new HashMap<>();
    private final Map<String, Set<String>> byPlace = new HashMap<>();
    /** How many entries have a place of each length (a query looks up only its substrings of those lengths). */
    private final NavigableMap<Integer, Integer> placeStringLengths = new TreeMap<>();
    /** How many of the communities in {@link #communityCounts} have each length. */
    private final NavigableMap<Integer, Integer> communityLengths = new TreeMap<>();
    /** Entries by a naming part of their place ({@link #NAMING_PARTS}: "community=幸福小区"). */
    private final Map<String, Set<String>> byPart = new HashMap<>();
    private final Set<String> unplaced = new HashSet<>();

    /** Adds or replaces the request {@code id}. */
    public void add(String id, String text, Optional<String> place, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Optional<String> p = normalizePlace(place);
        Map<String, Integer> tf = grams(Normalizer.normalize(text));
        Set<String> placeGrams = p.map(SimilarityIndex::bigrams).orElse(Set.of());
        Map<String, String> placeParts = p.map(SimilarityIndex::parts).orElse(Map.of());
        lock.writeLock().lock();
        try {
            removeLocked(id);
            Posting[] grams = new Posting[tf.size()];
            int[] counts = new int[tf.size()];
            int i = 0;
            for (Map.Entry<String, Integer> g : tf.entrySet()) {
                Posting posting = postings.computeIfAbsent(g.getKey(), Posting::new);
                posting.ids.add(id);
                grams[i] = posting;
                counts[i++] = g.getValue();
            }
            Entry e = new Entry(id, grams, counts, p, placeGrams, placeParts, at);
            entries.put(id, e);
            if (e.place().isEmpty()) {
                unplaced.add(id);
            } else {
                byPlace.computeIfAbsent(e.place().get(), k -> new HashSet<>()).add(id);
                placeStringLengths.merge(e.place().get().length(), 1, Integer::sum);
                for (String k : namingKeys(e.placeParts())) {
                    byPart.computeIfAbsent(k, x -> new HashSet<>()).add(id);
                }
                for (String g : e.placeGrams()) {
                    placePostings.computeIfAbsent(g, k -> new HashSet<>()).add(id);
                    placePostingsByLength.computeIfAbsent(lengthKey(g, e.placeGrams().size()), k -> new HashSet<>())
                            .add(id);
                }
                if (!e.placeGrams().isEmpty()) {
                    placeLengths.merge(e.placeGrams().size(), 1, Integer::sum);
                }
                String community = e.placeParts().get("community");
                if (community == null) {
                    for (String g : e.placeGrams()) {
                        freePostingsByLength.computeIfAbsent(lengthKey(g, e.placeGrams().size()), k -> new HashSet<>())
                                .add(id);
                    }
                    if (!e.placeGrams().isEmpty()) {
                        freeLengths.merge(e.placeGrams().size(), 1, Integer::sum);
                    }
                } else if (communityCounts.merge(community, 1, Integer::sum) == 1) {
                    communityLengths.merge(community.length(), 1, Integer::sum);
                    for (String piece : indexPieces(community)) {
                        communitiesByPiece.computeIfAbsent(piece, k -> new HashSet<>()).add(community);
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the request (e.g. once it is closed or merged); unknown ids are ignored. */
    public void remove(String id) {
        lock.writeLock().lock();
        try {
            removeLocked(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every request added before {@code cutoff} (they can no longer fall in a window); returns how many. */
    public int removeOlderThan(Instant cutoff) {
        lock.writeLock().lock();
        try {
            List<String> old = new ArrayList<>();
            for (Entry e : entries.values()) {
                if (e.at().isBefore(cutoff)) {
                    old.add(e.id());
                }
            }
            old.forEach(this::removeLocked);
            return old.size();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return entries.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void removeLocked(String id) {
        Entry old = entries.remove(id);
        if (old != null) {
            for (Posting posting : old.grams()) {
                posting.ids.remove(id);
                if (posting.ids.isEmpty()) {
                    postings.remove(posting.gram);
                }
            }
            unplaced.remove(id);
            old.place().ifPresent(p -> {
                unpost(byPlace, p, id);
                placeStringLengths.computeIfPresent(p.length(), (k, n) -> n == 1 ? null : n - 1);
            });
            namingKeys(old.placeParts()).forEach(k -> unpost(byPart, k, id));
            old.placeGrams().forEach(g -> unpost(placePostings, g, id));
            old.placeGrams().forEach(g -> unpost(placePostingsByLength, lengthKey(g, old.placeGrams().size()), id));
            if (!old.placeGrams().isEmpty()) {
                placeLengths.computeIfPresent(old.placeGrams().size(), (k, n) -> n == 1 ? null : n - 1);
            }
            String community = old.placeParts().get("community");
            if (old.place().isPresent() && community == null) {
                old.placeGrams().forEach(g -> unpost(freePostingsByLength, lengthKey(g, old.placeGrams().size()), id));
                if (!old.placeGrams().isEmpty()) {
                    freeLengths.computeIfPresent(old.placeGrams().size(), (k, n) -> n == 1 ? null : n - 1);
                }
            } else if (community != null
                    && communityCounts.computeIfPresent(community, (k, n) -> n == 1 ? null : n - 1) == null) {
                communityLengths.computeIfPresent(community.length(), (k, n) -> n == 1 ? null : n - 1);
                indexPieces(community).forEach(piece -> unpost(communitiesByPiece, piece, community));
            }
        }
    }

    private static void unpost(Map<String, Set<String>> index, String key, String id) {
        Set<String> ids = index.get(key);
        if (ids != null) {
            ids.remove(id);
            if (ids.isEmpty()) {
                index.remove(key);
            }
        }
    }

    /**
     * A superset of the entries that can be at the same place as a query with place {@code x} and bigrams
     * {@code bx} (at least one), read from the place indexes instead of every entry: those without a place, those
     * whose place is a part of {@code x}, and, per bigram count {@code L} of an entry's place, those sharing one of
     * the query's {@code |bx| - t + 1} rarest bigrams, where a Dice overlap of at least {@link #PLACE_MATCH} needs
     * {@code t = ceil(PLACE_MATCH * (|bx| + L) / 2)} common bigrams (pigeonhole); at least the rarest one, which a
     * place containing {@code x} has (it has all of {@code bx}). Splitting by {@code L} keeps the bigrams every place
     * has ("小区", "号楼") out of the lookups for all but the shortest places: with one threshold for every length, a
     * query for "…小区门口" read the postings of "小区", i.e. nearly every open ticket, and checked each one. Plus
     * those naming the same community or road as {@code x}.
     */
    private Set<String> placeCandidates(String x, Set<String> bx, Map<String, String> px) {
        Set<String> out = new HashSet<>(unplaced);
        for (String k : namingKeys(px)) { // same community or road, however little the rest of the places overlap
            Set<String> ids = byPart.get(k);
            if (ids != null) {
                out.addAll(ids);
            }
        }
        String community = px.get("community");
        if (community != null) {
            // an entry naming a community is at the same place only if its community contains the query's or is
            // contained in it (else the parts differ): those entries, then by Dice only the entries naming none
            for (String c : relatedCommunities(community)) {
                out.addAll(byPart.getOrDefault("community=" + c, Set.of()));
            }
        }
        Map<String, Set<String>> byLength = community == null ? placePostingsByLength : freePostingsByLength;
        Map<Integer, Integer> lengths = community == null ? placeLengths : freeLengths;
        for (String sub : substrings(x, placeStringLengths)) {
            Set<String> ids = byPlace.get(sub);
            if (ids != null) {
                out.addAll(ids);
            }
        }
        if (lengths.isEmpty()) {
            return out;
        }
        Map<String, Integer> df = new HashMap<>();
        bx.forEach(g -> df.put(g, placePostings.getOrDefault(g, Set.of()).size()));
        List<String> rarest = bx.stream()
                .sorted(Comparator.comparingInt((String g) -> df.get(g)).thenComparing(Comparator.naturalOrder()))
                .toList();
        for (int length : lengths.keySet()) {
            int t = (int) Math.ceil(PLACE_MATCH * (bx.size() + length) / 2.0 - 1e-9);
            int prefix = Math.max(1, bx.size() - t + 1);
            for (int i = 0; i < prefix && i < rarest.size(); i++) {
                Set<String> ids = byLength.get(lengthKey(rarest.get(i), length));
                if (ids != null) {
                    out.addAll(ids);
                }
            }
        }
        return out;
    }

    /** The communities entries name that contain {@code community} or are contained in it (itself included). */
    private Set<String> relatedCommunities(String community) {
        Set<String> out = new HashSet<>();
        for (String sub : substrings(community, communityLengths)) {
            if (communityCounts.containsKey(sub)) {
                out.add(sub);
            }
        }
        // those containing it have all its pieces: the rarest piece's communities, checked
        Set<String> fewest = null;
        for (String piece : lookupPieces(community)) {
            Set<String> cs = communitiesByPiece.getOrDefault(piece, Set.of());
            if (fewest == null || cs.size() < fewest.size()) {
                fewest = cs;
            }
        }
        for (String c : fewest == null ? Set.<String>of() : fewest) {
            if (c.contains(community)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The substrings of {@code s} whose length is a key of {@code lengths} (the lengths something indexed has): the
     * only ones an exact lookup can find, instead of all {@code n(n+1)/2}.
     */
    private static List<String> substrings(String s, NavigableMap<Integer, Integer> lengths) {
        List<String> out = new ArrayList<>();
        for (int len : lengths.headMap(s.length(), true).keySet()) {
            for (int i = 0; i + len <= s.length(); i++) {
                out.add(s.substring(i, i + len));
            }
        }
        return out;
    }

    /**
     * What a community is indexed by in {@link #communitiesByPiece}: its character (a one-character name), its
     * character pairs, and its character triples. A community containing another has all of the other's pieces of
     * each size, so a lookup may use whichever size is most selective ({@link #lookupPieces}).
     */
    private static Set<String> indexPieces(String s) {
        if (s.length() == 1) {
            return Set.of(s);
        }
        Set<String> out = bigrams(s);
        for (int i = 0; i + 3 <= s.length(); i++) {
            out.add(s.substring(i, i + 3));
        }
        return out;
    }

    /**
     * The pieces a community looks up those containing it by: its character triples (a pair such as "小区" or a
     * common surname character pair is shared by a great many names; a triple by few), or its pair or character
     * when it is shorter.
     */
    private static Set<String> lookupPieces(String s) {
        if (s.length() <= 2) {
            return Set.of(s);
        }
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 3 <= s.length(); i++) {
            out.add(s.substring(i, i + 3));
        }
        return out;
    }

    private static String lengthKey(String bigram, int length) {
        return bigram + '\u0001' + length;
    }

    /**
     * Requests similar to {@code text} with a score of at least {@code minScore}, added within {@code window}
     * before {@code now} (or up to a minute after it), at the same place; best first.
     */
    public List<Match> similar(String text, Optional<String> place, Instant now, Duration window, double minScore) {
        Map<String, Integer> query = grams(Normalizer.normalize(text));
        if (query.isEmpty()) {
            return List.of();
        }
        Optional<String> qPlace = normalizePlace(place);
        Set<String> qPlaceGrams = qPlace.map(SimilarityIndex::bigrams).orElse(Set.of());
        Map<String, String> qParts = qPlace.map(SimilarityIndex::parts).orElse(Map.of());
        Instant from = now.minus(window);
        Instant to = now.plusSeconds(60);
        List<Match> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            int n = entries.size();
            if (n == 0) {
                return List.of();
            }
            // with a place, only entries that may be at that place (few) instead of all sharing an n-gram (many)
            boolean byPlaceFirst = qPlace.isPresent() && !qPlaceGrams.isEmpty();
            Set<String> candidates = new HashSet<>();
            if (!byPlaceFirst) {
                for (String g : query.keySet()) {
                    Posting posting = postings.get(g);
                    if (posting != null) {
                        candidates.addAll(posting.ids);
                    }
                }
            } else {
                for (String id : placeCandidates(qPlace.get(), qPlaceGrams, qParts)) {
                    Entry e = entries.get(id);
                    // the window and the place first (the loop below drops the rest anyway; under load most place
                    // candidates are elsewhere), then: shares an n-gram with the query, like the postings' union
                    if (e.at().isBefore(from) || e.at().isAfter(to)
                            || !samePlace(qPlace, qPlaceGrams, qParts, e.place(), e.placeGrams(), e.placeParts())) {
                        continue;
                    }
                    for (Posting g : e.grams()) {
                        if (query.containsKey(g.gram)) {
                            candidates.add(id);
                            break;
                        }
                    }
                }
            }
            if (candidates.isEmpty()) {
                return List.of(); // the usual answer: the query's postings (large, scattered) are not touched
            }
            Map<String, Double> idf = new HashMap<>();
            for (String g : query.keySet()) {
                Posting posting = postings.get(g);
                idf.put(g, idf(n, posting == null ? 0 : posting.ids.size()));
            }
            double qNorm = 0;
            for (Map.Entry<String, Integer> q : query.entrySet()) {
                double w = weight(q.getValue()) * idf.get(q.getKey());
                qNorm += w * w;
            }
            qNorm = Math.sqrt(qNorm);
            for (String id : candidates) {
                Entry e = entries.get(id);
                if (e.at().isBefore(from) || e.at().isAfter(to) || !samePlace(qPlace, qPlaceGrams, qParts, e.place(), e.placeGrams(),
                        e.placeParts())) {
                    continue;
                }
                double dot = 0;
                double dNorm = 0;
                for (int i = 0; i < e.grams().length; i++) {
                    Posting d = e.grams()[i];
                    double w = weight(e.tf()[i]) * idf(n, d.ids.size());
                    dNorm += w * w;
                    Integer qtf = query.get(d.gram);
                    if (qtf != null) {
                        dot += w * weight(qtf) * idf.get(d.gram);
                    }
                }
                double score = dNorm == 0 || qNorm == 0 ? 0 : dot / (Math.sqrt(dNorm) * qNorm);
                score = Math.min(1.0, Math.round(score * 10000) / 10000.0);
                if (score >= minScore) {
                    out.add(new Match(id, score, e.place(), e.at()));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        out.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(Match::id));
        return out;
    }

    private static double idf(int n, int df) {
        return Math.log((n + 1.0) / (df + 1.0)) + 1.0;
    }

    private static double weight(int tf) {
        return 1 + Math.log(tf);
    }

    static Map<String, Integer> grams(String normalized) {
        Map<String, Integer> tf = new HashMap<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i <= normalized.length(); i++) {
            char c = i < normalized.length() ? Featurizer.fold(normalized.charAt(i)) : 0;
            if (c != 0) {
                run.append(c);
                continue;
            }
            addGrams(run, tf);
            run.setLength(0);
        }
        return tf;
    }

    private static void addGrams(CharSequence run, Map<String, Integer> tf) {
        int len = run.length();
        if (len == 1) {
            tf.merge(run.toString(), 1, Integer::sum);
        }
        for (int n = 2; n <= 3; n++) {
            for (int i = 0; i + n <= len; i++) {
                tf.merge(run.subSequence(i, i + n).toString(), 1, Integer::sum);
            }
        }
    }

    private static Optional<String> normalizePlace(Optional<String> place) {
        if (place == null || place.isEmpty()) {
            return Optional.empty();
        }
        String p = Normalizer.normalize(place.get()).replace(" ", "");
        return p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    static boolean samePlace(Optional<String> a, Optional<String> b) {
        Optional<String> x = normalizePlace(a);
        Optional<String> y = normalizePlace(b);
        return samePlace(x, x.map(SimilarityIndex::bigrams).orElse(Set.of()), x.map(SimilarityIndex::parts).orElse(Map.of()),
                y, y.map(SimilarityIndex::bigrams).orElse(Set.of()), y.map(SimilarityIndex::parts).orElse(Map.of()));
    }

    /** The parts of a place compared one by one; the first two name it (positive evidence), the rest only separate. */
    private static final List<String> NAMING_PARTS = List.of("community", "road");
    private static final List<String> PARTS = List.of("community", "road", "district", "street", "building", "unit", "room");

    /**
     * The parsed parts of a normalized place, each at most once (the first place the parser reads wins; a part named
     * twice keeps its first value), Chinese numerals as digits (三号楼 → 3号楼).
     */
    static Map<String, String> parts(String normalizedPlace) {
        Map<String, String> out = new HashMap<>();
        for (Entities.Place p : EntityExtractor.placesOf(normalizedPlace)) {
            p.community().ifPresent(v -> out.putIfAbsent("community", digits(v)));
            p.road().ifPresent(v -> out.putIfAbsent("road", digits(v)));
            p.district().ifPresent(v -> out.putIfAbsent("district", digits(v)));
            p.street().ifPresent(v -> out.putIfAbsent("street", digits(v)));
            p.building().ifPresent(v -> out.putIfAbsent("building", digits(v)));
            p.unit().ifPresent(v -> out.putIfAbsent("unit", digits(v)));
            p.room().ifPresent(v -> out.putIfAbsent("room", digits(v)));
        }
        return out.isEmpty() ? Map.of() : Map.copyOf(out);
    }

    private static List<String> namingKeys(Map<String, String> parts) {
        List<String> out = new ArrayList<>(2);
        for (String k : NAMING_PARTS) {
            String v = parts.get(k);
            if (v != null) {
                out.add(k + "=" + v);
            }
        }
        return out;
    }

    /** Runs of Chinese numerals (一…九, 十, 百, 两, 〇, 零) written as digits: 十二号楼 → 12号楼. */
    static String digits(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int j = i;
            while (j < s.length() && "零〇一二两三四五六七八九十百".indexOf(s.charAt(j)) >= 0) {
                j++;
            }
            if (j > i) {
                double n = EntityExtractor.chineseNumber(s.substring(i, j));
                out.append(Double.isNaN(n) ? s.substring(i, j) : Long.toString((long) n));
                i = j;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    /** {@link #samePlace(Optional, Optional)} with the places' bigrams and parts computed once (per entry, per query). */
    private static boolean samePlace(Optional<String> a, Set<String> bx, Map<String, String> pa, Optional<String> b,
            Set<String> by, Map<String, String> pb) {
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        if (!pa.isEmpty() && !pb.isEmpty()) {
            for (String k : PARTS) {
                String u = pa.get(k);
                String v = pb.get(k);
                if (u != null && v != null && !u.contains(v) && !v.contains(u)) {
                    return false; // both name it, differently
                }
            }
        }
        String x = a.get();
        String y = b.get();
        if (x.contains(y) || y.contains(x)) {
            return true;
        }
        for (String k : NAMING_PARTS) {
            String u = pa.get(k);
            if (u != null && u.equals(pb.get(k))) {
                return true;
            }
        }
        if (bx.isEmpty() || by.isEmpty()) {
            return false;
        }
        int common = 0;
        for (String g : bx) {
            if (by.contains(g)) {
                common++;
            }
        }
        return 2.0 * common / (bx.size() + by.size()) >= PLACE_MATCH;
    }

    private static Set<String> bigrams(String s) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 2 <= s.length(); i++) {
            out.add(s.substring(i, i + 2));
        }
        return out;
    }
}
