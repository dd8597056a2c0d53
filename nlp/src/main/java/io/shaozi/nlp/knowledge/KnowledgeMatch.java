package io.shaozi.nlp.knowledge;

import java.util.List;

/** What the knowledge base makes of a message. */
public sealed interface KnowledgeMatch {

    /** One entry fits well: answer with it. */
    record Answer(KnowledgeEntry entry, double coverage) implements KnowledgeMatch {}

    /** Some entries may fit: offer their titles, best first (at most three). */
    record Choice(List<KnowledgeEntry> entries) implements KnowledgeMatch {
        public Choice {
            entries = List.copyOf(entries);
        }
    }

    /** A question nothing in the knowledge base fits: offer to register it or hand over to a person. */
    record NoMatch() implements KnowledgeMatch {}

    /** Not a question for the knowledge base (a report, a complaint, a statement): the dialog goes on as a request. */
    record NotAsked(Asking.Kind kind) implements KnowledgeMatch {}
}
