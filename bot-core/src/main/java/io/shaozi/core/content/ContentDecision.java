package io.shaozi.core.content;

import java.util.List;

/** The machine's answer: the item after the step and its audit event, or a refusal in Chinese. */
public sealed interface ContentDecision {
    record Accepted(ContentItem item, ContentEvent event) implements ContentDecision {
    }

    /**
     * @param words the sensitive words found (for {@link Why#SENSITIVE}), else empty
     */
    record Refused(Why why, String message, List<String> words) implements ContentDecision {
        public Refused {
            words = List.copyOf(words);
        }
    }

    /** Why a step was refused; the API answers 403, 409, 400 and 422 respectively. */
    enum Why { FORBIDDEN, SAME_PERSON, WRONG_STATE, INVALID, SENSITIVE }
}
