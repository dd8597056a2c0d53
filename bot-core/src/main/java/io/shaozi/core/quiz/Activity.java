package io.shaozi.core.quiz;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What points were earned for: the daily quiz (答题), a challenge (挑战), the pushed 每日一题, a streak bonus, studying a pushed
 * learning item (已学), a
 * 专项答题 (topic). */
public enum Activity {
    DAILY("每日答题"), CHALLENGE("挑战答题"), PUSH("每日一题"), STREAK("连续答题奖励"),
    STUDY("学习积分"), TOPIC("专项答题");

    private final String label;

    Activity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The stored spelling: {@code daily}, {@code challenge}, {@code push}, {@code streak}, {@code study}, {@code topic}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Activity> parse(String code) {
        return Arrays.stream(values()).filter(a -> a.code().equals(code)).findFirst();
    }
}
