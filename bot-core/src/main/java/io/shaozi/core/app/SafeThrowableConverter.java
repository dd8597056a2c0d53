package io.shaozi.core.app;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.shaozi.core.store.StoreException;

/**
 * Prints stack traces like logback's {@code %ex}, but with the message of exceptions known to quote the values they
 * choke on (SQL errors quote statement parameters such as a phone number; number, date and JSON parse errors quote
 * the input) replaced by a description without values: for SQL, the SQLState, vendor code and statement kind.
 * Configured in logback.xml as {@code %safeEx}.
 */
public final class SafeThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(redact(tp));
    }

    static IThrowableProxy redact(IThrowableProxy tp) {
        if (tp == null) {
            return null;
        }
        Throwable t = tp instanceof ThrowableProxy p ? p.getThrowable() : null;
        String message = t == null ? tp.getMessage() : safeMessage(t);
        IThrowableProxy cause = redact(tp.getCause());
        IThrowableProxy[] suppressed = tp.getSuppressed() == null ? new IThrowableProxy[0]
                : java.util.Arrays.stream(tp.getSuppressed()).map(SafeThrowableConverter::redact)
                        .toArray(IThrowableProxy[]::new);
        return new IThrowableProxy() {
            @Override
            public String getMessage() {
                return message;
            }

            @Override
            public String getClassName() {
                return tp.getClassName();
            }

            @Override
            public StackTraceElementProxy[] getStackTraceElementProxyArray() {
                return tp.getStackTraceElementProxyArray();
            }

            @Override
            public int getCommonFrames() {
                return tp.getCommonFrames();
            }

            @Override
            public IThrowableProxy getCause() {
                return cause;
            }

            @Override
            public IThrowableProxy[] getSuppressed() {
                return suppressed;
            }

            @Override
            public boolean isCyclic() {
                return tp.isCyclic();
            }
        };
    }

    /** The message of {@code t}, or a value-free description for exception types that quote their input. */
    public static String safeMessage(Throwable t) {
        if (t instanceof java.sql.SQLException s) {
            return StoreException.describe(s);
        }
        if (t instanceof NumberFormatException) {
            return "not a number (value not logged)";
        }
        if (t instanceof java.time.format.DateTimeParseException) {
            return "not a date/time (value not logged)";
        }
        if (t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            return "malformed JSON (content not logged)";
        }
        return t.getMessage();
    }
}
