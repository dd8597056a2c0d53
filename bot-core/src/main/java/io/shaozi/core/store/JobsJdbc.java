package io.shaozi.core.store;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.Waiter;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.shaozi.core.schedule.Jobs;
import io.shaozi.core.schedule.Schedule;
import io.shaozi.core.schedule.WorkingCalendar;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@link Jobs} on db-scheduler over the store's own database (table {@code scheduled_tasks}, migration V21): each
 * job run is a row; an instance takes a due row with an optimistic version update, so exactly one instance runs it,
 * and keeps a heartbeat on it while running. A run whose instance died (no heartbeat for six intervals) is run
 * again elsewhere. Recurring jobs get their next row when a run ends; a one-off row is deleted when its run
 * succeeds, and a failed one-off run is retried with back-off ({@link #MAX_TRIES}). Due times come from the
 * injected {@link Clock}; only the pause between polls is real time.
 *
 * <p>Lifecycle: construct, register the jobs, {@link #start()}, {@link #close()} (waits for running jobs up to
 * {@link Settings#shutdownWait}).
 */
public final class JobsJdbc implements Jobs, AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final int MAX_ID = 200;
    /** A failing one-off run is tried again after 1, 2, 4 … 512 minutes (about 17 hours in all), then dropped (logged). */
    private static final int MAX_TRIES = 10;

    /**
     * @param pollInterval how often due rows are looked for (a run may start this much after its time)
     * @param heartbeat    how often a running job's row is touched; six missed heartbeats mark its instance dead
     * @param threads      jobs run at the same time on this instance
     * @param shutdownWait longest wait for running jobs at {@link #close()}
     */
    public record Settings(Duration pollInterval, Duration heartbeat, int threads, Duration shutdownWait) {
        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(30), 2, Duration.ofSeconds(7));
        }
    }

    private final Database db;
    private final Clock clock;
    private final WorkingCalendar calendar;
    private final Settings settings;
    private final String node;
    private final List<Task<?>> oneOffs = new ArrayList<>();
    private final List<RecurringTask<?>> recurring = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private volatile Scheduler scheduler;

    /** @param node this instance's name, stored on the rows it runs */
    public JobsJdbc(Database db, Clock clock, WorkingCalendar calendar, Settings settings, String node) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.node = node.length() > 50 ? node.substring(0, 50) : node;
    }

    @Override
    public synchronized void recurring(String name, Schedule schedule, RecurringWork work) {
        register(name);
        Objects.requireNonNull(work, "work");
        RecurringTask<Void> task = Tasks.recurring(name, adapt(Objects.requireNonNull(schedule, "schedule")))
                .execute((instance, ctx) -> work.run(ctx.getExecution().getExecutionTime()));
        recurring.add(task); // a start task: the builder adds it to the known tasks
    }

    @Override
    public synchronized OneOff oneOff(String name, OneOffWork work) {
        register(name);
        Objects.requireNonNull(work, "work");
        OneTimeTask<String> task = Tasks.oneTime(name, String.class)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(MAX_TRIES,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofMinutes(1), 2.0)))
                .execute((instance, ctx) -> work.run(new Run(instance.getId(),
                        instance.getData() == null ? "" : instance.getData(), ctx.getExecution().getExecutionTime())));
        oneOffs.add(task);
        return new OneOff() {
            @Override
            public boolean schedule(String id, Instant at, String payload) {
                checkId(id);
                Objects.requireNonNull(at, "at");
                Objects.requireNonNull(payload, "payload");
                return started().scheduleIfNotExists(task.instance(id, payload), at);
            }

            @Override
            public boolean cancel(String id) {
                checkId(id);
                try {
                    started().cancel(TaskInstanceId.of(name, id));
                    return true;
                } catch (TaskInstanceNotFoundException | TaskInstanceCurrentlyExecutingException e) {
                    return false;
                }
            }
        };
    }

    /** Builds the scheduler over the registered jobs and starts polling. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("the scheduler is already started");
        }
        SchedulerBuilder b = new SchedulerBuilder(db.dataSource(), List.copyOf(oneOffs)) {
            @Override
            protected Waiter buildWaiter() {
                // the pause between polls is real time; due times come from the injected clock
                return new Waiter(poolingInterval);
            }
        };
        b.startTasks(List.copyOf(recurring))
                .clock(clock::instant)
                .schedulerName(new SchedulerName.Fixed(node))
                .jdbcCustomization(db.dialect() == Database.Dialect.POSTGRESQL
                        ? new PostgreSqlJdbcCustomization(false, false)
                        : new DefaultJdbcCustomization(false))
                .serializer(UTF8)
                .threads(settings.threads())
                .pollingInterval(settings.pollInterval())
                .heartbeatInterval(settings.heartbeat())
                .shutdownMaxWait(settings.shutdownWait())
                .enableImmediateExecution();
        Scheduler s = b.build();
        s.start();
        scheduler = s;
    }

    /** Stops polling and waits for running jobs (at most {@link Settings#shutdownWait}). */
    @Override
    public synchronized void close() {
        Scheduler s = scheduler;
        if (s != null) {
            s.stop();
        }
    }

    private void register(String name) {
        if (scheduler != null) {
            throw new IllegalStateException("job " + name + ": register jobs before the scheduler starts");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("job name \"" + name + "\" must be 1-100 of a-z 0-9 . _ -");
        }
        if (!names.add(name)) {
            throw new IllegalStateException("job " + name + " is registered twice");
        }
    }

    private static void checkId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            throw new IllegalArgumentException("a one-off run id must be 1-" + MAX_ID + " characters");
        }
    }

    private Scheduler started() {
        Scheduler s = scheduler;
        if (s == null) {
            throw new IllegalStateException("one-off jobs can be scheduled once the scheduler has started");
        }
        return s;
    }

    private com.github.kagkarlsson.scheduler.task.schedule.Schedule adapt(Schedule schedule) {
        return new com.github.kagkarlsson.scheduler.task.schedule.Schedule() {
            @Override
            public Instant getNextExecutionTime(ExecutionComplete done) {
                return schedule.nextAfter(done.getTimeDone(), calendar);
            }

            @Override
            public boolean isDeterministic() {
                return schedule.fixedTimes();
            }

            @Override
            public String toString() {
                return schedule.toString();
            }
        };
    }

    /** Payloads are text (UTF-8); nothing is ever deserialized into arbitrary classes. */
    private static final Serializer UTF8 = new Serializer() {
        @Override
        public byte[] serialize(Object data) {
            if (data == null) {
                return null;
            }
            if (data instanceof String s) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            throw new IllegalArgumentException("job data must be text, got " + data.getClass().getName());
        }

        @Override
        public <T> T deserialize(Class<T> type, byte[] bytes) {
            if (bytes == null || type == Void.class) {
                return null;
            }
            return type.cast(new String(bytes, StandardCharsets.UTF_8));
        }
    };
}
