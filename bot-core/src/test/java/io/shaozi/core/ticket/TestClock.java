package io.shaozi.core.ticket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** A clock tests move by hand. */
public final class TestClock extends Clock {
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private volatile Instant now;

    public TestClock(Instant now) {
        this.now = now;
    }

    /** At a Beijing local time, e.g. {@code at("2026-11-30T10:00")}. */
    public static TestClock at(String beijingLocal) {
        return new TestClock(LocalDateTime.parse(beijingLocal).atZone(BEIJING).toInstant());
    }

    public static Instant beijing(String local) {
        return LocalDateTime.parse(local).atZone(BEIJING).toInstant();
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant i) {
        now = i;
    }

    public void setBeijing(String local) {
        now = beijing(local);
    }

    @Override
    public ZoneId getZone() {
        return BEIJING;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
