package io.shaozi.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand instead of sleeping. Clocks from {@link #withZone} share its time. */
public final class MutableClock extends Clock {
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public MutableClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(start), zone);
    }

    /** At an instant, e.g. {@code at("2026-11-28T08:00:00Z")}, in Beijing's zone. */
    public static MutableClock at(String iso) {
        return new MutableClock(Instant.parse(iso), BEIJING);
    }

    /** At a Beijing local time, e.g. {@code atBeijing("2026-11-30T10:00")}. */
    public static MutableClock atBeijing(String local) {
        return new MutableClock(beijing(local), BEIJING);
    }

    /** The instant of a Beijing local time. */
    public static Instant beijing(String local) {
        return LocalDateTime.parse(local).atZone(BEIJING).toInstant();
    }

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void setBeijing(String local) {
        set(beijing(local));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new MutableClock(now, z);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
