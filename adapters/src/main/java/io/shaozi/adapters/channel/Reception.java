package io.shaozi.adapters.channel;

import io.shaozi.adapters.common.Inbound;
import io.shaozi.adapters.common.Outbound;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a channel made of one HTTP request: a refusal, a direct answer, or a message for the bot. */
public sealed interface Reception {

    /** Refused with an HTTP error (bad signature 401, unknown account 404, replay 409 …): nothing recorded. */
    record Refused(int status, String reason) implements Reception {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        /** 404: no configured {@code what} (account, app) of this id. */
        public static Refused noSuch(String what, String id) {
            return new Refused(404, "no such " + what + ": " + id);
        }
    }

    /** Answered at once, nothing to process: a URL check, a challenge, an event the bot ignores. */
    record Answer(int status, String contentType, byte[] body) implements Reception {
        public static final String JSON = "application/json; charset=utf-8";
        public static final String XML = "application/xml; charset=utf-8";
        public static final String TEXT = "text/plain; charset=utf-8";

        public Answer {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }

        public static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A message for the bot. The host records it durably before the platform hears anything, lets the bot answer,
     * and replies as {@code reply} says.
     */
    record Message(Inbound inbound, ReplyPath reply) implements Reception {
        public Message {
            Objects.requireNonNull(inbound, "inbound");
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** How the replies to a message reach the user. */
    sealed interface ReplyPath {
    }

    /**
     * The platform takes the first reply in the HTTP response, within its deadline (WeChat MP and WeCom: 5 s,
     * DingTalk robots): when the bot answers within {@code budget} the first reply goes back rendered, the rest is
     * pushed to {@code pushTo}; when it does not, the platform gets {@link PassiveReply#empty()} and all of it is
     * pushed.
     */
    record Passive(Duration budget, Optional<String> pushTo, PassiveReply render) implements ReplyPath {
        public Passive {
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(pushTo, "pushTo");
            Objects.requireNonNull(render, "render");
        }
    }

    /** Renders a passive reply in the platform's format (encrypted where the delivery was). */
    interface PassiveReply {
        Answer reply(Outbound reply);

        /** The answer that says "received, nothing to show" ({@code success}, an empty body). */
        Answer empty();

        /**
         * Replies rendered by {@code render} as {@code contentType}; {@code empty} is the platform's "nothing to
         * show". {@code success} and empty bodies go out as plain text.
         */
        static PassiveReply of(String contentType, java.util.function.Function<Outbound, String> render,
                               String empty) {
            return new PassiveReply() {
                @Override
                public Answer reply(Outbound reply) {
                    return answer(render.apply(reply));
                }

                @Override
                public Answer empty() {
                    return answer(empty);
                }

                private Answer answer(String body) {
                    return Answer.of(200, body.equals("success") || body.isEmpty() ? Answer.TEXT : contentType, body);
                }
            };
        }
    }

    /**
     * The platform is answered {@code ack} once the message is recorded (Feishu, DingTalk events); the bot works
     * afterwards and every reply is pushed to {@code pushTo} (none when empty).
     */
    record Acknowledge(Answer ack, Optional<String> pushTo) implements ReplyPath {
        public Acknowledge {
            Objects.requireNonNull(ack, "ack");
            Objects.requireNonNull(pushTo, "pushTo");
        }
    }

    /**
     * The caller waits for the bot and gets every reply in the response (the generic webhook); a message still
     * being processed elsewhere is answered 503 so that the caller retries. {@code pushTo}: where replies that
     * come late (after a crash, from the recovery sweep) go, if anywhere.
     */
    record InResponse(Optional<String> pushTo, AllReplies render) implements ReplyPath {
        public InResponse {
            Objects.requireNonNull(pushTo, "pushTo");
            Objects.requireNonNull(render, "render");
        }
    }

    /** Renders every reply of a message; {@code repeat} when this was a redelivery answered before. */
    @FunctionalInterface
    interface AllReplies {
        Answer render(List<Outbound> replies, boolean repeat);
    }
}
