package io.shaozi.adapters.dingtalk;

/** Config validation: every failure is an IllegalArgumentException naming the field. */
final class Config {
    private Config() {
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
