package io.shaozi.nlp;

import java.util.List;
import java.util.Objects;

/**
 * What routing and dialog need to know about one message.
 *
 * @param normalized the normalized text; entity offsets refer to it
 * @param tokens HanLP words of the normalized text, with the governance dictionary
 * @param requestType 咨询 / 求助 / 投诉 / 举报 / 建议 / 表扬, as 12345 hotlines count requests
 * @param modelVersion {@link CategoryModel#version()} of the model that classified the message
 */
public record Analysis(String normalized, List<String> tokens, Category category, UrgencyAssessment urgency,
        Entities entities, Intent intent, RequestType requestType, String modelVersion) {

    public Analysis {
        Objects.requireNonNull(normalized);
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(category);
        Objects.requireNonNull(urgency);
        Objects.requireNonNull(entities);
        Objects.requireNonNull(intent);
        Objects.requireNonNull(requestType);
        Objects.requireNonNull(modelVersion);
    }
}
