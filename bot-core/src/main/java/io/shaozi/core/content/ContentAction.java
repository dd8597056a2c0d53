package io.shaozi.core.content;

/** The steps of the approval workflow, each recorded as an audit event. */
public enum ContentAction {
    CREATE, EDIT, SUBMIT, APPROVE, REJECT, SEND_EMERGENCY;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
