package io.shaozi.core.ticket;

/**
 * A configuration file that cannot be used: names the file and the line or key at fault, so an operator can fix
 * it without reading code.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String where;

    public ConfigException(String file, String where, String problem) {
        super(file + (where.isEmpty() ? "" : " at " + where) + ": " + problem);
        this.file = file;
        this.where = where;
    }

    public ConfigException(String file, String where, String problem, Throwable cause) {
        super(file + (where.isEmpty() ? "" : " at " + where) + ": " + problem, cause);
        this.file = file;
        this.where = where;
    }

    /** The file (path or classpath resource) that failed. */
    public String file() {
        return file;
    }

    /** Line ("line 12") or key path ("departments[2].duties[0]") at fault; empty when the whole file is. */
    public String where() {
        return where;
    }
}
