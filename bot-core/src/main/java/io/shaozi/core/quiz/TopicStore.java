package io.shaozi.core.quiz;

import java.util.List;
import java.util.Optional;

/** Where 专项答题 topics live ({@code store.TopicJdbc}). */
public interface TopicStore {
    /** Adds a topic; false when its code is taken. */
    boolean create(Topic t);

    /** The topic of this code, unless deleted. */
    Optional<Topic> find(String code);

    /** Replaces a topic's name, questions, branch and deadline (code, author and creation kept); false when none. */
    boolean update(Topic t, java.time.Instant at);

    /**
     * Deletes a topic: it is no longer listed or started, open attempts at it end at their next answer, answers and
     * points given stay; the code stays taken. False when there is no such topic.
     */
    boolean delete(String code, java.time.Instant at);

    /** Every topic not deleted, latest deadline first, at most {@code limit}. */
    List<Topic> list(int limit);

    /** No topics (a store without the topics table). */
    static TopicStore none() {
        return new TopicStore() {
            @Override
            public boolean create(Topic t) {
                throw new IllegalStateException("no topic store");
            }

            @Override
            public boolean update(Topic t, java.time.Instant at) {
                return false;
            }

            @Override
            public boolean delete(String code, java.time.Instant at) {
                return false;
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
