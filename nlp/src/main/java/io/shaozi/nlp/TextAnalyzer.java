package io.shaozi.nlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns a resident's message into an {@link Analysis}: normalize, segment (HanLP + governance dictionary),
 * classify (calibrated linear model + operator rules), urgency, entities and intent. Thread-safe; never returns
 * null and never throws on any string.
 */
public final class TextAnalyzer {

    /** Longer input is analyzed on its first part only (the category is decided long before). */
    static final int MAX_ANALYZED = 20_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Swapped whole by {@link #reloadModel}: an analysis uses one model from start to end. */
    private volatile CategoryModel model;
    private final CategoryRules rules;
    private final double unsureThreshold;

    private TextAnalyzer(CategoryModel model, CategoryRules rules, double unsureThreshold) {
        this.model = model;
        this.rules = rules;
        this.unsureThreshold = unsureThreshold;
    }

    /** An analyzer over a given model and rules (evaluation of a retrained model with the shipped rules). */
    static TextAnalyzer of(CategoryModel model, CategoryRules rules, double unsureThreshold) {
        HanLp.get();
        return new TextAnalyzer(model, rules, unsureThreshold);
    }

    /** Model, dictionaries and categories rules from the classpath. */
    public static TextAnalyzer loadDefault() {
        return load(NlpSettings.defaults());
    }

    /** Like {@link #loadDefault()}, with the model and categories YAML overridden by files when given. */
    public static TextAnalyzer load(NlpSettings settings) {
        HanLp.get();
        try {
            CategoryModel model = settings.model().isPresent() ? CategoryModel.load(settings.model().get())
                    : CategoryModel.loadDefault();
            CategoryRules rules = settings.categoriesYaml().map(CategoryRules::load).orElseGet(CategoryRules::loadDefault);
            return new TextAnalyzer(model, rules, settings.unsureThreshold());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the category model: " + e.getMessage(), e);
        }
    }

    /** The version of the model in use ({@link CategoryModel#version()}). */
    public String modelVersion() {
        return model.version();
    }

    /**
     * Loads the model in {@code file} and uses it from the next analysis on (no restart). A file that does not load
     * leaves the current model in place. Returns the version now in use.
     */
    public String reloadModel(java.nio.file.Path file) throws IOException {
        CategoryModel next = CategoryModel.load(file);
        if (!next.labels().equals(model.labels())) {
            throw new IOException(file + ": labels " + next.labels() + " differ from " + model.labels());
        }
        model = next;
        return next.version();
    }

    public double unsureThreshold() {
        return unsureThreshold;
    }

    /** Analyzes one message. */
    public Analysis analyze(String text) {
        String normalized = normalizedForAnalysis(text);
        try {
            Analysis a = analyzeNormalized(normalized);
            Optional<IntentKind> emoji = emojiOnly(text, normalized);
            return emoji.isEmpty() ? a : new Analysis(a.normalized(), a.tokens(), a.category(), a.urgency(),
                    a.entities(), Intent.of(emoji.get()), a.requestType(), a.modelVersion());
        } catch (RuntimeException | StackOverflowError e) {
            return fallback(normalized);
        }
    }

    /** A message of emoji only (normalizing drops them): 👍 is praise, 🙏 thanks, 👌 an acknowledgement. */
    private static Optional<IntentKind> emojiOnly(String raw, String normalized) {
        if (raw == null || !normalized.isBlank() || raw.length() > 40) {
            return Optional.empty();
        }
        if (raw.contains("👍") || raw.contains("👏") || raw.contains("❤") || raw.contains("💯")) {
            return Optional.of(IntentKind.PRAISE);
        }
        if (raw.contains("🙏")) {
            return Optional.of(IntentKind.THANKS);
        }
        if (raw.contains("👌") || raw.contains("😊") || raw.contains("🙂") || raw.contains("😄")) {
            return Optional.of(IntentKind.ACK);
        }
        return Optional.empty();
    }

    /**
     * The intent {@link #analyze} would find in this message, without segmenting or classifying it: what a command
     * such as 帮助 needs (the intent rules read the normalized text only).
     */
    public Intent intent(String text) {
        String normalized = normalizedForAnalysis(text);
        try {
            Optional<IntentKind> emoji = emojiOnly(text, normalized);
            return emoji.isPresent() ? Intent.of(emoji.get()) : IntentRecognizer.recognize(normalized);
        } catch (RuntimeException | StackOverflowError e) {
            return fallback(normalized).intent();
        }
    }

    private static String normalizedForAnalysis(String text) {
        try {
            String normalized = Normalizer.normalize(text);
            if (normalized.length() > MAX_ANALYZED) {
                normalized = normalized.substring(0, Character.isHighSurrogate(normalized.charAt(MAX_ANALYZED - 1))
                        ? MAX_ANALYZED - 1 : MAX_ANALYZED);
            }
            return normalized;
        } catch (RuntimeException e) {
            return "";
        }
    }

    private Analysis analyzeNormalized(String normalized) {
        List<HanLp.Token> tokens = normalized.isEmpty() ? List.of() : HanLp.get().segmentWithPlaces(normalized);
        List<String> words = new ArrayList<>(tokens.size());
        for (HanLp.Token t : tokens) {
            if (!t.word().isBlank()) {
                words.add(t.word());
            }
        }
        CategoryModel model = this.model;
        Category category = categorize(model, normalized, words);
        UrgencyAssessment urgency = UrgencyDetector.detect(normalized);
        Entities entities = EntityExtractor.extract(normalized, tokens);
        Intent intent = IntentRecognizer.recognize(normalized);
        return new Analysis(normalized, words, category, urgency, entities, intent, RequestTypes.classify(normalized),
                model.version());
    }

    private Category categorize(CategoryModel model, String normalized, List<String> words) {
        double[] p = model.probabilities(normalized, words);
        List<String> labels = model.labels();
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        List<Category.LabelProbability> top = new ArrayList<>(3);
        for (int i = 0; i < Math.min(3, order.length); i++) {
            top.add(new Category.LabelProbability(labels.get(order[i]), round(p[order[i]])));
        }
        Optional<CategoryRules.Rule> rule = rules.decide(normalized, labels, p);
        if (rule.isPresent()) {
            CategoryRules.Rule r = rule.get();
            int idx = labels.indexOf(r.category());
            double modelP = idx >= 0 ? p[idx] : 0;
            // an operator rule decides the category (the gate let it); its confidence is at least the rule's (0.95)
            double confidence = round(Math.max(0.95, modelP));
            return new Category(r.category(), confidence, false, top, Optional.of(r.name()), rules.sla(r));
        }
        String label = labels.get(order[0]);
        double confidence = p[order[0]];
        boolean unsure = normalized.isBlank() || confidence < unsureThreshold;
        return new Category(label, round(confidence), unsure, top, Optional.empty(), rules.sla(label));
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private Analysis fallback(String normalized) {
        String label = model.labels().get(0);
        Category category = new Category(label, 0, true, List.of(), Optional.empty(), rules.sla(label));
        return new Analysis(normalized, List.of(), category, UrgencyAssessment.NORMAL, Entities.NONE,
                Intent.of(IntentKind.REQUEST), RequestType.HELP, model.version());
    }

    /** The analysis as pretty JSON (UTF-8 text, Chinese unescaped, phone numbers masked). */
    public static String toJson(Analysis a) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", Masking.maskPhones(a.normalized()));
        Category c = a.category();
        root.put("category", c.label());
        root.put("confidence", c.confidence());
        root.put("unsure", c.unsure());
        c.subcategory().ifPresent(s -> root.put("subcategory", s));
        root.put("requestType", a.requestType().label());
        root.put("modelVersion", a.modelVersion());
        root.put("slaClass", c.slaClass());
        ArrayNode top = root.putArray("top");
        for (Category.LabelProbability lp : c.top()) {
            top.addObject().put("label", lp.label()).put("probability", lp.probability());
        }
        ObjectNode urgency = root.putObject("urgency");
        urgency.put("level", a.urgency().level().name());
        a.urgency().cue().ifPresent(s -> urgency.put("cue", s));
        a.urgency().safetyHint().ifPresent(s -> urgency.put("safetyHint", s));
        ObjectNode entities = root.putObject("entities");
        ArrayNode places = entities.putArray("places");
        for (Entities.Place p : a.entities().places()) {
            ObjectNode o = places.addObject();
            o.put("text", p.text());
            o.put("start", p.start());
            o.put("end", p.end());
            p.district().ifPresent(v -> o.put("district", v));
            p.street().ifPresent(v -> o.put("street", v));
            p.road().ifPresent(v -> o.put("road", v));
            p.community().ifPresent(v -> o.put("community", v));
            p.building().ifPresent(v -> o.put("building", v));
            p.unit().ifPresent(v -> o.put("unit", v));
            p.room().ifPresent(v -> o.put("room", v));
        }
        ArrayNode phones = entities.putArray("phones");
        for (Entities.Phone p : a.entities().phones()) {
            phones.addObject().put("masked", p.masked()).put("start", p.start()).put("end", p.end());
        }
        ArrayNode times = entities.putArray("times");
        for (Entities.TimeMention t : a.entities().times()) {
            ObjectNode o = times.addObject();
            o.put("text", t.text());
            o.put("kind", t.kind().name());
            t.duration().ifPresent(d -> o.put("duration", d.toString()));
        }
        ObjectNode intent = root.putObject("intent");
        intent.put("kind", a.intent().kind().name());
        a.intent().ticketNumber().ifPresent(v -> intent.put("ticketNumber", v));
        a.intent().rating().ifPresent(v -> intent.put("rating", v.name()));
        a.intent().answer().ifPresent(v -> intent.put("answer", v));
        a.intent().text().ifPresent(v -> intent.put("text", Masking.maskPhones(v)));
        ArrayNode tokens = root.putArray("tokens");
        a.tokens().forEach(t -> tokens.add(Masking.maskPhones(t)));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
