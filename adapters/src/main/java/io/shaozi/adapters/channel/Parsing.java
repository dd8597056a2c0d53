package io.shaozi.adapters.channel;

import io.shaozi.adapters.common.Inbound;
import java.util.function.BiFunction;

/**
 * What a platform protocol's parse answers: a message with the context its passive reply needs ({@link Ok}), or a
 * {@link Refusal}. The protocols' own sealed outcomes implement these, so that every channel maps them the same way.
 *
 * @param <C> the protocol's reply context
 */
public interface Parsing<C> {
    /** A verified message and its reply context. */
    interface Ok<C> extends Parsing<C> {
        Inbound inbound();

        C ctx();
    }

    /** As the channel answers it: a message whose replies go as {@code reply} says, or the refusal. */
    default Reception reception(BiFunction<Inbound, C, Reception.ReplyPath> reply) {
        if (this instanceof Ok<?>) {
            @SuppressWarnings("unchecked")
            Ok<C> ok = (Ok<C>) this;
            return new Reception.Message(ok.inbound(), reply.apply(ok.inbound(), ok.ctx()));
        }
        return ((Refusal) this).refused();
    }

    /** A URL check's answer: the body to echo ({@link Echoed}), or a {@link Refusal}. */
    interface Verifying {
        default Reception reception() {
            return this instanceof Refusal r ? r.refused()
                    : Reception.Answer.of(200, Reception.Answer.TEXT, ((Echoed) this).body());
        }
    }

    /** The URL check passed: answer 200 with exactly {@link #body()} as plain text. */
    interface Echoed extends Verifying {
        String body();
    }
}
