package io.shaozi.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    /** Records each group's keys and works; the first group waits for {@code gate}. */
    private static final class Recorder {
        final List<List<String>> groups = new CopyOnWriteArrayList<>();
        final CountDownLatch gate = new CountDownLatch(1);

        void write(String key, List<GroupCommit.Member<String, String>> group) {
            if (groups.isEmpty()) {
                groups.add(List.of("first"));
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                List<String> works = new ArrayList<>();
                group.forEach(m -> works.add(key + ":" + m.work()));
                groups.add(works);
            }
            for (GroupCommit.Member<String, String> m : group) {
                if (m.work().startsWith("bad")) {
                    m.fail(new IllegalArgumentException(m.work()));
                } else {
                    m.succeed(m.work().toUpperCase(java.util.Locale.ROOT));
                }
            }
        }
    }

    private static Thread writer(GroupCommit<String, String> commit, String key, String work,
                                 Map<String, Object> outcomes) {
        Thread t = new Thread(() -> {
            try {
                outcomes.put(work, commit.write(key, work));
            } catch (RuntimeException e) {
                outcomes.put(work, e);
            }
        }, work);
        t.start();
        return t;
    }

    private static void awaitParked(List<Thread> threads) throws Exception {
        Await.until("writers queued", () -> threads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
    }

    @Test
    void writesQueuedBehindABusyLeader_goOutTogether_oneKeyPerGroup_eachWithItsOwnOutcome() throws Exception {
        Recorder r = new Recorder();
        GroupCommit<String, String> commit = new GroupCommit<>(r::write, 1, 64);
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        Thread first = writer(commit, "day1", "first", outcomes);
        Await.until("the first group being written", () -> r.groups.size() == 1);
        List<Thread> queued = new ArrayList<>();
        for (String w : List.of("a", "e", "b", "bad-c", "d")) { // one after the other: the queue's order is known
            queued.add(writer(commit, w.equals("e") ? "day2" : "day1", w, outcomes));
            awaitParked(queued);
        }
        r.gate.countDown();
        first.join(10_000);
        for (Thread t : queued) {
            t.join(10_000);
        }
        assertThat(outcomes).containsEntry("first", "FIRST").containsEntry("a", "A").containsEntry("b", "B")
                .containsEntry("d", "D").containsEntry("e", "E");
        assertThat(outcomes.get("bad-c")).isInstanceOf(IllegalArgumentException.class);
        // after the first: day 1's four queued writes in one group, day 2's in the next
        assertThat(r.groups).hasSize(3);
        assertThat(r.groups.get(1)).containsExactlyInAnyOrder("day1:a", "day1:b", "day1:bad-c", "day1:d");
        assertThat(r.groups.get(2)).containsExactly("day2:e");
    }

    @Test
    void aWriterThatThrows_failsEveryMemberOfItsGroup_andTheNextGroupStillGoesOut() throws Exception {
        AtomicReference<String> mode = new AtomicReference<>("throw");
        GroupCommit<String, String> commit = new GroupCommit<>((key, group) -> {
            if (mode.get().equals("throw")) {
                throw new IllegalStateException("store down");
            }
            group.forEach(m -> m.succeed(m.work()));
        }, 2, 8);
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        writer(commit, "k", "x", outcomes).join(10_000);
        assertThat((Throwable) outcomes.get("x")).isInstanceOf(IllegalStateException.class).hasMessage("store down");
        mode.set("ok");
        writer(commit, "k", "y", outcomes).join(10_000);
        assertThat(outcomes).containsEntry("y", "y");
    }

    @Test
    void aWriterThatLeavesAMemberWithoutOutcome_failsThatMember_insteadOfLeavingItWaiting() throws Exception {
        GroupCommit<String, String> commit = new GroupCommit<>((key, group) -> {
        }, 1, 8);
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        writer(commit, "k", "z", outcomes).join(10_000);
        assertThat(outcomes.get("z")).isInstanceOf(IllegalStateException.class);
    }
}
