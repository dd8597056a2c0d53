package io.shaozi.core.ticket;

import io.shaozi.adapters.common.Fields;
import io.shaozi.nlp.Urgency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A new request (诉求) from a resident, as the dialog or the API hands it over.
 *
 * @param reporter    who reported it and how to reach them
 * @param text        the request in the resident's words
 * @param category    the classifier's category (城乡建设, 环境保护, …)
 * @param subcategory optional finer rule category (e.g. 物业照明)
 * @param place       address / location text (属地 routing), cut to {@link #MAX_PLACE} characters
 * @param community   community code when already known (grid worker intake)
 * @param attachments references to photos etc.
 * @param dedupeKey   optional idempotency key (e.g. the platform message id): the same key opens one ticket only
 * @param requestType 咨询 / 求助 / 投诉 / 举报 / 建议 / 表扬 ("" when not known)
 * @param praised     for a 表扬: the department praised (it receives the ticket instead of the category's owner)
 * @param modelVersion version of the category model that classified the text ("" when a person chose the category)
 */
public record OpenRequest(Reporter reporter, String text, String category, Optional<String> subcategory,
                          Urgency urgency, String place, Optional<String> community, List<String> attachments,
                          Optional<String> dedupeKey, String requestType, Optional<String> praised,
                          String modelVersion) {
    public OpenRequest {
        Objects.requireNonNull(reporter, "reporter");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(subcategory, "subcategory");
        Objects.requireNonNull(urgency, "urgency");
        // ticket.place is VARCHAR(500): a resident's over-long answer to "where?" is kept whole in the inbound log
        place = Fields.text(Objects.requireNonNull(place, "place"), MAX_PLACE);
        Objects.requireNonNull(community, "community");
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(dedupeKey, "dedupeKey");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(praised, "praised");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** Without request type (tickets opened by callers that do not classify it). */
    public OpenRequest(Reporter reporter, String text, String category, Optional<String> subcategory, Urgency urgency,
                       String place, Optional<String> community, List<String> attachments, Optional<String> dedupeKey) {
        this(reporter, text, category, subcategory, urgency, place, community, attachments, dedupeKey, "",
                Optional.empty(), "");
    }

    /** The longest place kept (the ticket.place column). */
    public static final int MAX_PLACE = 500;

    /** The common case: no subcategory, community, attachments or dedupe key. */
    public static OpenRequest of(Reporter reporter, String text, String category, Urgency urgency, String place) {
        return new OpenRequest(reporter, text, category, Optional.empty(), urgency, place, Optional.empty(), List.of(),
                Optional.empty());
    }
}
