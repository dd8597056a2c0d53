package io.shaozi.adapters.dingtalk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What DingTalk says became of one work notice ({@code getsendresult} by task_id, docs/platform-notes.md section 4.4):
 * the per-user lists, or why the answer is not available.
 */
public sealed interface WorkNoticeResult {

    /** Where a user stands in a task's send result. */
    enum UserStatus {
        /** Not a userid of the organisation ({@code invalid_user_id_list}). */
        INVALID,
        /** Filtered out by DingTalk's flow control and never sent ({@code forbidden_user_id_list}). */
        FORBIDDEN,
        /** Sending failed ({@code failed_user_id_list}). */
        FAILED,
        /** Delivered and read ({@code read_user_id_list}). */
        READ,
        /** Delivered, not read yet ({@code unread_user_id_list}). */
        UNREAD,
        /** In none of the lists (the task may still be running). */
        UNKNOWN
    }

    /**
     * The send result.
     *
     * @param forbiddenCodes userid → flow-control code from {@code forbidden_list} (e.g. {@code 143105}: the app's
     *                       daily cap per user; {@code 143106}: identical content the same day)
     */
    record Known(List<String> invalid, List<String> forbidden, List<String> failed, List<String> read,
                 List<String> unread, Map<String, String> forbiddenCodes) implements WorkNoticeResult {
        public Known {
            invalid = List.copyOf(invalid);
            forbidden = List.copyOf(forbidden);
            failed = List.copyOf(failed);
            read = List.copyOf(read);
            unread = List.copyOf(unread);
            forbiddenCodes = Map.copyOf(forbiddenCodes);
        }

        /** A user's status; a user in forbidden_list only (no forbidden_user_id_list entry) counts as forbidden. */
        public UserStatus of(String user) {
            Objects.requireNonNull(user, "user");
            if (invalid.contains(user)) {
                return UserStatus.INVALID;
            }
            if (forbidden.contains(user) || forbiddenCodes.containsKey(user)) {
                return UserStatus.FORBIDDEN;
            }
            if (failed.contains(user)) {
                return UserStatus.FAILED;
            }
            if (read.contains(user)) {
                return UserStatus.READ;
            }
            if (unread.contains(user)) {
                return UserStatus.UNREAD;
            }
            return UserStatus.UNKNOWN;
        }

        /** The flow-control code DingTalk gave for a forbidden user, when it gave one. */
        public Optional<String> forbiddenCode(String user) {
            return Optional.ofNullable(forbiddenCodes.get(user));
        }
    }

    /**
     * No result: a platform refusal ({@code errcode}, e.g. an unknown task) or a transient failure worth asking again
     * ({@code retry}: transport, HTTP 5xx/429, throttling, an answer that is not JSON).
     */
    record Unavailable(String errcode, String reason, boolean retry) implements WorkNoticeResult {
        public Unavailable {
            Objects.requireNonNull(errcode, "errcode");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
