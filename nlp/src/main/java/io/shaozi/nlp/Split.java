package io.shaozi.nlp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reproducible held-out split: stratified by label, a fixed fraction (20%) with a fixed seed. Rows are
 * grouped by their body so that a "subject + body" row and the same body in another file always fall on the
 * same side (445 of the 446 rows of {@code govmsg_train_with_subject.csv} repeat a body of
 * {@code govmsg_train.csv}); the held-out side is never trained on.
 */
public final class Split {

    public static final double HOLDOUT_FRACTION = 0.2;
    public static final long DEFAULT_SEED = 20260101L;

    /** An example with its group key (its body) and its subject, when the row is "subject body". */
    public record Row(Dataset.Example example, String body, Optional<String> subject) {}

    public record Result(List<Row> train, List<Row> holdout) {}

    private Split() {}

    /** Finds bodies and subjects: a row is "subject body" when its text after the first space is another row's text, or its file name says so. */
    public static List<Row> rows(List<Dataset.Example> examples) {
        Set<String> texts = new HashSet<>();
        for (Dataset.Example e : examples) {
            texts.add(e.text().strip());
        }
        List<Row> rows = new ArrayList<>(examples.size());
        for (Dataset.Example e : examples) {
            String text = e.text().strip();
            Optional<String> subject = ShortText.subjectOf(text);
            String body = text;
            if (subject.isPresent()) {
                String rest = text.substring(text.indexOf(' ') + 1).strip();
                if (texts.contains(rest) || e.file().contains("subject")) {
                    body = rest;
                } else {
                    subject = Optional.empty();
                }
            }
            rows.add(new Row(e, body, subject));
        }
        return rows;
    }

    public static Result split(List<Row> rows, double fraction, long seed) {
        Map<String, String> labelOfBody = new LinkedHashMap<>();
        for (Row r : rows) {
            labelOfBody.putIfAbsent(r.body(), r.example().label());
        }
        Map<String, List<String>> bodiesByLabel = new TreeMap<>();
        for (Map.Entry<String, String> e : labelOfBody.entrySet()) {
            bodiesByLabel.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        }
        Set<String> held = new HashSet<>();
        Random random = new Random(seed);
        for (List<String> bodies : bodiesByLabel.values()) {
            List<String> shuffled = new ArrayList<>(bodies);
            Collections.shuffle(shuffled, random);
            int n = (int) Math.round(shuffled.size() * fraction);
            held.addAll(shuffled.subList(0, n));
        }
        List<Row> train = new ArrayList<>();
        List<Row> holdout = new ArrayList<>();
        for (Row r : rows) {
            (held.contains(r.body()) ? holdout : train).add(r);
        }
        return new Result(train, holdout);
    }

    /** The subjects of "subject body" rows. */
    public static List<Dataset.Example> subjects(List<Row> rows) {
        List<Dataset.Example> out = new ArrayList<>();
        for (Row r : rows) {
            Dataset.Example e = r.example();
            r.subject().ifPresent(s -> out.add(new Dataset.Example(e.label(), s, e.file(), e.line())));
        }
        return out;
    }

    /** The first sentences (at most 30 characters) of the distinct bodies. */
    public static List<Dataset.Example> firstSentences(List<Row> rows) {
        List<Dataset.Example> out = new ArrayList<>();
        Map<String, Boolean> seenBody = new HashMap<>();
        for (Row r : rows) {
            Dataset.Example e = r.example();
            if (seenBody.putIfAbsent(r.body(), Boolean.TRUE) == null) {
                String first = ShortText.firstSentence(r.body());
                if (!first.isBlank()) {
                    out.add(new Dataset.Example(e.label(), first, e.file(), e.line()));
                }
            }
        }
        return out;
    }

    /** Short-text evaluation rows from held-out rows: every subject, and the first sentence of every distinct body. */
    public static List<Dataset.Example> shortTexts(List<Row> rows) {
        List<Dataset.Example> out = new ArrayList<>();
        Map<String, Boolean> seenBody = new HashMap<>();
        for (Row r : rows) {
            Dataset.Example e = r.example();
            r.subject().ifPresent(s -> out.add(new Dataset.Example(e.label(), s, e.file(), e.line())));
            if (seenBody.putIfAbsent(r.body(), Boolean.TRUE) == null) {
                String first = ShortText.firstSentence(r.body());
                if (!first.isBlank()) {
                    out.add(new Dataset.Example(e.label(), first, e.file(), e.line()));
                }
            }
        }
        return out;
    }
}
