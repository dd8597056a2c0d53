package io.shaozi.core.quiz;

import java.util.List;
import java.util.Optional;

/** Where 专项答题 topics live ({@code store.TopicJdbc}). */
public interface TopicStore {
    /** Adds a topic; false when its code is taken. */
    boolean create(Topic t);

    Optional<Topic> find(String code);

    /** Every topic, latest deadline first, at most {@code limit}. */
    List<Topic> list(int limit);

    /** No topics (a store without the topics table). */
    static TopicStore none() {
        return new TopicStore() {
            @Override
            public boolean create(Topic t) {
                throw new IllegalStateException("no topic store");
            }

            @Override
            public Optional<Topic> find(String code) {
                return Optional.empty();
            }

            @Override
            public List<Topic> list(int limit) {
                return List.of();
            }
        };
    }
}
