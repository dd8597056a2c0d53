package io.shaozi.core.schedule;

import java.time.Instant;

/**
 * The scheduler as domain code sees it: recurring and one-off jobs kept in the database, so they survive restarts,
 * and each due run executed by exactly one of the instances sharing that database. Register every job while
 * wiring, before the scheduler starts; one-off runs can then be scheduled at any time.
 *
 * <pre>
 * jobs.recurring("ticket-escalation", Schedule.every(Duration.ofMinutes(1)), due -&gt; scanner.scanOnce());
 * jobs.recurring("daily-quiz", Schedule.workingDaysAt(LocalTime.of(9, 0)), quiz::post);
 * Jobs.OneOff reminders = jobs.oneOff("campaign-reminder", run -&gt; campaigns.remind(run.payload()));
 * reminders.schedule("campaign-42", startsAt.minus(Duration.ofHours(1)), "42");
 * </pre>
 *
 * A run that throws is logged; a recurring job then runs again at its next time, a one-off run is retried later.
 * Work that changes state should still be idempotent per due time or id: an instance that dies mid-run has its run
 * taken over and done again by another instance.
 */
public interface Jobs {

    /**
     * Runs {@code work} at every time of {@code schedule}.
     *
     * @param name unique among jobs; 1-100 of {@code a-z 0-9 - . _}; stored, so keep it stable across releases
     * @throws IllegalStateException after the scheduler started, or when the name is taken
     */
    void recurring(String name, Schedule schedule, RecurringWork work);

    /**
     * Declares a kind of one-off job; the returned handle schedules its runs.
     *
     * @param name as for {@link #recurring}
     */
    OneOff oneOff(String name, OneOffWork work);

    /** The work of a recurring job, given the time the run was due (use it to make the work idempotent). */
    @FunctionalInterface
    interface RecurringWork {
        void run(Instant due);
    }

    /** The work of a one-off job. */
    @FunctionalInterface
    interface OneOffWork {
        void run(Run run);
    }

    /** One scheduled one-off run: its id, the payload it was scheduled with, and when it was due. */
    record Run(String id, String payload, Instant due) {
    }

    /** Schedules runs of one kind of one-off job (only once the scheduler has started). */
    interface OneOff {
        /**
         * Runs the job with {@code payload} at {@code at} (at once when {@code at} has passed).
         *
         * @param id identifies the run within this job, at most 200 characters
         * @return false when a run with this id is already scheduled (it is left as it was)
         */
        boolean schedule(String id, Instant at, String payload);

        /** Drops a scheduled run; false when there was none waiting (never scheduled, already run, running). */
        boolean cancel(String id);
    }
}
