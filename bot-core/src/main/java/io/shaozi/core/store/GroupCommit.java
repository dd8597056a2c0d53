package io.shaozi.core.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit without a thread of its own (leader and followers): a caller queues its write; when fewer than
 * {@code leaders} groups are being written, it takes the queue's writes (its own among them, up to {@code groupSize},
 * all with the head's key) and writes them as one group; otherwise it waits until a leader has written its write or
 * wakes it to lead the next group. Under light load every write is a group of one, written by its own caller at
 * once; under a burst the writes that arrive during one group's commit share the next one.
 *
 * @param <K> what the writes of one group share (the day of ticket openings)
 * @param <W> one write
 */
final class GroupCommit<K, W> {
    /** Writes one group (all with {@code key}), completing every member. */
    @FunctionalInterface
    interface Writer<K, W> {
        void write(K key, List<Member<K, W>> group);
    }

    /** One queued write and its outcome. */
    static final class Member<K, W> {
        private final K key;
        private final W work;
        private final Thread caller;
        private volatile boolean done;
        private Object result;
        private Throwable failure;

        private Member(K key, W work, Thread caller) {
            this.key = key;
            this.work = work;
            this.caller = caller;
        }

        W work() {
            return work;
        }

        void succeed(Object value) {
            result = value;
            finish();
        }

        void fail(Throwable t) {
            failure = t;
            finish();
        }

        private void finish() {
            done = true; // after result/failure: the volatile write publishes them
            LockSupport.unpark(caller);
        }
    }

    private final Writer<K, W> writer;
    private final Semaphore leaders;
    private final int groupSize;
    private final ConcurrentLinkedQueue<Member<K, W>> queue = new ConcurrentLinkedQueue<>();

    GroupCommit(Writer<K, W> writer, int leaders, int groupSize) {
        if (leaders < 1 || groupSize < 1) {
            throw new IllegalArgumentException("leaders and groupSize must be positive");
        }
        this.writer = writer;
        this.leaders = new Semaphore(leaders);
        this.groupSize = groupSize;
    }

    /**
     * Queues the write and returns once it is written (by this thread or a leader), with what the writer gave its
     * member; rethrows its failure.
     */
    Object write(K key, W work) {
        Member<K, W> m = new Member<>(key, work, Thread.currentThread());
        queue.add(m);
        boolean interrupted = false;
        while (!m.done) {
            boolean led = false;
            if (leaders.tryAcquire()) {
                try {
                    led = lead();
                } finally {
                    leaders.release();
                }
                wakeNext();
            }
            if (!led && !m.done) {
                // woken by the leader that wrote this write, or to lead; the timeout only bounds a lost wake-up
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
                interrupted |= Thread.interrupted(); // the write may be done already: wait for it all the same
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (m.failure != null) {
            if (m.failure instanceof RuntimeException r) {
                throw r;
            }
            if (m.failure instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(m.failure);
        }
        return m.result;
    }

    /**
     * Writes one group from the head of the queue (writes with the head's key; the others wait for the next). False
     * when the queue was empty: this caller's write is in another leader's group, which wakes it when written.
     */
    private boolean lead() {
        Member<K, W> head = queue.poll();
        if (head == null) {
            return false;
        }
        List<Member<K, W>> group = new ArrayList<>();
        group.add(head);
        List<Member<K, W>> otherKey = new ArrayList<>();
        Member<K, W> next;
        while (group.size() < groupSize && (next = queue.poll()) != null) {
            (next.key.equals(head.key) ? group : otherKey).add(next);
        }
        queue.addAll(otherKey); // ticket openings: around midnight only
        try {
            writer.write(head.key, group);
        } catch (RuntimeException | Error e) {
            for (Member<K, W> member : group) {
                if (!member.done) {
                    member.fail(e);
                }
            }
        }
        for (Member<K, W> member : group) {
            if (!member.done) {
                member.fail(new IllegalStateException("the writer left a member without an outcome"));
            }
        }
        return true;
    }

    /**
     * After a leader has let go: the queue's head may have found every leader busy and be waiting; wake it to lead.
     * (Checked after the release, so an opening queued meanwhile either got the permit itself or is seen here.)
     */
    private void wakeNext() {
        Member<K, W> head = queue.peek();
        if (head != null) {
            LockSupport.unpark(head.caller);
        }
    }
}
