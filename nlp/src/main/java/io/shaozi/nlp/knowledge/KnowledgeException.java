package io.shaozi.nlp.knowledge;

/** An entry that cannot be accepted; {@link #field()} names what is wrong ({@code title}, {@code answer} …). */
public final class KnowledgeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public KnowledgeException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
