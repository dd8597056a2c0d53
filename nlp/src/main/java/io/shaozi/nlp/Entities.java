package io.shaozi.nlp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Places, phone numbers and times found in a message; offsets refer to the normalized text. */
public record Entities(List<Place> places, List<Phone> phones, List<TimeMention> times) {

    public Entities {
        places = List.copyOf(places);
        phones = List.copyOf(phones);
        times = List.copyOf(times);
    }

    static final Entities NONE = new Entities(List.of(), List.of(), List.of());

    /**
     * A place or address. Parsed parts are present when the text names them: district (区/县), street (街道/镇/乡),
     * road (路/街/胡同/巷 with its number), community (小区/社区/花园/家园/…), building (号楼/栋/幢), unit (单元),
     * room (室/户). A bare place name recognized by HanLP has only {@code text}.
     */
    public record Place(String text, int start, int end, Optional<String> district, Optional<String> street,
            Optional<String> road, Optional<String> community, Optional<String> building, Optional<String> unit,
            Optional<String> room) {

        public Place {
            Objects.requireNonNull(text);
            Objects.requireNonNull(district);
            Objects.requireNonNull(street);
            Objects.requireNonNull(road);
            Objects.requireNonNull(community);
            Objects.requireNonNull(building);
            Objects.requireNonNull(unit);
            Objects.requireNonNull(room);
        }
    }

    /** A phone number: digits as typed (separators removed) and its masked form for logs. */
    public record Phone(String number, String masked, int start, int end) {

        @Override
        public String toString() {
            return "Phone[" + masked + ", " + start + ".." + end + "]";
        }
    }

    /** What a time mention denotes. */
    public enum TimeKind {
        /** A day, absolute or relative, possibly with a part of day or clock time (明天上午, 3月5日). */
        DATE,
        /** A part of day or clock time without a day (晚上, 8点半). */
        TIME,
        /** How long something has lasted (三天了, 半个月). */
        DURATION
    }

    /**
     * A date, time or duration. {@code duration} is set for durations with a definite number (三天 → PT72H);
     * {@code 好几天} has none.
     */
    public record TimeMention(String text, int start, int end, TimeKind kind, Optional<Duration> duration) {

        public TimeMention {
            Objects.requireNonNull(text);
            Objects.requireNonNull(kind);
            Objects.requireNonNull(duration);
        }
    }
}
