package io.shaozi.core.content;

/** What an actor asks the {@link ContentMachine} to do. */
public sealed interface ContentCommand {
    ContentAction action();

    record Create(long id, Draft draft) implements ContentCommand {
        public ContentAction action() {
            return ContentAction.CREATE;
        }
    }

    record Edit(Draft draft) implements ContentCommand {
        public ContentAction action() {
            return ContentAction.EDIT;
        }
    }

    record Submit() implements ContentCommand {
        public ContentAction action() {
            return ContentAction.SUBMIT;
        }
    }

    record Approve(String note) implements ContentCommand {
        public ContentAction action() {
            return ContentAction.APPROVE;
        }
    }

    record Reject(String reason) implements ContentCommand {
        public ContentAction action() {
            return ContentAction.REJECT;
        }
    }

    record SendEmergency(String reason) implements ContentCommand {
        public ContentAction action() {
            return ContentAction.SEND_EMERGENCY;
        }
    }
}
