package io.shaozi.config;

/**
 * A configuration value or file that cannot be used. The message names where: the file (path or
 * {@code classpath:} resource) when there is one, the key path ({@code departments[2].duties[0]}) or line, then
 * the problem and the bad value, so that an operator can fix it without reading code:
 * <ul>
 *   <li>{@code config/org.yaml at departments[0].duties[0]: unknown category '城建' (…)} (a file)</li>
 *   <li>{@code config/sla.yaml at line 3, column 7: malformed YAML: …} (a syntax error)</li>
 *   <li>{@code server.port: "abc" is not a port} (the merged main configuration, where a value may come from
 *       several files, the environment or the command line)</li>
 * </ul>
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String where;

    /**
     * @param source  the file or resource at fault; empty for the merged main configuration
     * @param where   key path or line; empty when the whole source is at fault
     * @param problem what is wrong, with the bad value
     */
    public ConfigException(String source, String where, String problem) {
        super(message(source, where, problem));
        this.source = source;
        this.where = where;
    }

    public ConfigException(String source, String where, String problem, Throwable cause) {
        super(message(source, where, problem), cause);
        this.source = source;
        this.where = where;
    }

    private static String message(String source, String where, String problem) {
        String at = source.isEmpty() ? where : where.isEmpty() ? source : source + " at " + where;
        return at.isEmpty() ? problem : at + ": " + problem;
    }

    /** The file or {@code classpath:} resource at fault; empty for the merged main configuration. */
    public String source() {
        return source;
    }

    /** Key path ({@code departments[2].duties[0]}) or line ({@code line 12, column 3}); empty for a whole file. */
    public String where() {
        return where;
    }
}
