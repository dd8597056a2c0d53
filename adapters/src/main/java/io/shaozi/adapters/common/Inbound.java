package io.shaozi.adapters.common;

import java.util.Objects;
import java.util.Optional;

/** A message or event received from a platform, parsed into a platform-neutral record. */
public sealed interface Inbound
        permits Inbound.Text, Inbound.Image, Inbound.Voice, Inbound.Location, Inbound.Link, Inbound.Event,
        Inbound.Unknown {

    Origin origin();

    /** Plain text typed by the user. */
    record Text(Origin origin, String text) implements Inbound {
        public Text {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A picture; {@code mediaId} is the platform's handle, {@code url} a download link when given. */
    record Image(Origin origin, String mediaId, Optional<String> url) implements Inbound {
        public Image {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(mediaId, "mediaId");
            Objects.requireNonNull(url, "url");
        }
    }

    /** A voice message, with the platform's speech recognition text when present. */
    record Voice(Origin origin, String mediaId, Optional<String> recognition) implements Inbound {
        public Voice {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(mediaId, "mediaId");
            Objects.requireNonNull(recognition, "recognition");
        }
    }

    /** A shared location (WeChat location message or LOCATION event). */
    record Location(Origin origin, double latitude, double longitude, int scale, String label) implements Inbound {
        public Location {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(label, "label");
        }
    }

    /** A shared link. */
    record Link(Origin origin, String title, String description, String url) implements Inbound {
        public Link {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * A platform event: subscribe, unsubscribe, scan, menu click, view, location report, enter_agent …
     *
     * @param type lower-case event name as the platform spells it, normalised ("subscribe", "click")
     * @param key  event key when the platform gives one (menu key, scene id)
     */
    record Event(Origin origin, String type, Optional<String> key) implements Inbound {
        public Event {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Anything else: answered politely, never an error. */
    record Unknown(Origin origin, String rawType) implements Inbound {
        public Unknown {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(rawType, "rawType");
        }
    }
}
