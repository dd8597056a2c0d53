package io.shaozi.core.dialog;

import io.shaozi.nlp.Analysis;
import io.shaozi.nlp.RequestType;
import io.shaozi.nlp.Urgency;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which new messages the chat looks up in the knowledge base, from the text analysis alone: not an urgent one, and
 * not one typed as a complaint, a report of someone else's wrongdoing or praise (those become tickets). The
 * console's 试一试 asks the same question, so it shows what the chat would do.
 */
public final class KnowledgeGate {
    /** Request types that are never a question for the knowledge base. */
    private static final Set<RequestType> NOT_ASKED = EnumSet.of(RequestType.COMPLAINT, RequestType.REPORT,
            RequestType.PRAISE);

    private KnowledgeGate() {
    }

    /**
     * Why the message is not looked up: {@code urgent}, {@code complaint} (投诉), {@code tipoff} (举报) or
     * {@code praise} (表扬); empty when it is.
     */
    public static Optional<String> skip(Analysis a) {
        if (a.urgency().level() != Urgency.NORMAL) {
            return Optional.of("urgent");
        }
        if (NOT_ASKED.contains(a.requestType())) {
            return Optional.of(a.requestType() == RequestType.REPORT ? "tipoff"
                    : a.requestType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return Optional.empty();
    }
}
