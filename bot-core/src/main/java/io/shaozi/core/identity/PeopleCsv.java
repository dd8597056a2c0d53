package io.shaozi.core.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shaozi.core.csv.CsvRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads people from CSV for a bulk import (Jackson's CSV parser; no hand-written parsing). Columns, header required,
 * in any order: {@code id,name,role,department,community,grid,branch,phone,notify_channel,notify_account,notify_recipient}
 * ({@code channel}, {@code account}, {@code recipient} are accepted for the last three).
 * UTF-8 with or without BOM, RFC 4180 quoting. Every bad line is reported (line number, field, error), not just the
 * first; {@link #parse} never throws.
 */
public final class PeopleCsv {
    /**
     * Short names of the alert-address columns, as in the API's contract header
     * {@code id,name,role,phone,department,community,branch,channel,account,recipient}: the same columns.
     */
    static final Map<String, String> ALIASES = Map.of("channel", "notify_channel", "account", "notify_account",
            "recipient", "notify_recipient");

    /** The columns, in the documented order. */
    public static final List<String> COLUMNS = List.of("id", "name", "role", "department", "community", "grid", "branch",
            "phone", "notify_channel", "notify_account", "notify_recipient");
    /** Longest value per column (the store's column sizes). */
    static final Map<String, Integer> MAX = Map.ofEntries(Map.entry("id", 64), Map.entry("name", 100),
            Map.entry("role", 24), Map.entry("department", 40), Map.entry("community", 40), Map.entry("grid", 40),
            Map.entry("branch", 40), Map.entry("phone", 40), Map.entry("notify_channel", 16),
            Map.entry("notify_account", 64), Map.entry("notify_recipient", 200));
    /** Most data lines in one file. */
    public static final int MAX_ROWS = 100_000;

    private PeopleCsv() {
    }

    /** One problem: the 1-based line of the file (the header is line 1), the column ("" for the whole line), what. */
    public record Error(int line, String field, String error) {
        @Override
        public String toString() {
            return "line " + line + (field.isEmpty() ? "" : ", " + field) + ": " + error;
        }
    }

    /** What a file gave: all its people, or every error found. */
    public sealed interface Result {
        record Parsed(List<Org.Person> people) implements Result {
            public Parsed {
                people = List.copyOf(people);
            }
        }

        record Invalid(List<Error> errors) implements Result {
            public Invalid {
                errors = List.copyOf(errors);
            }
        }
    }

    /** JSON shape of errors: [{line, field, error}]. */
    public static List<Map<String, Object>> views(List<Error> errors) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Error e : errors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", e.line());
            m.put("field", e.field());
            m.put("error", e.error());
            out.add(m);
        }
        return out;
    }

    /** Parses and checks {@code bytes} against {@code org} (departments, communities, grids, branches must exist). */
    public static Result parse(byte[] bytes, Org org) {
        List<Error> errors = new ArrayList<>();
        CsvRecords.Text decoded = CsvRecords.decode(bytes);
        if (decoded instanceof CsvRecords.Text.NotUtf8 bad) {
            errors.add(new Error(bad.line(), "", "not UTF-8 (byte " + bad.byteNumber() + ")"));
            return new Result.Invalid(errors);
        }
        List<Org.Person> people = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try {
            CsvRecords.TableEnd end = CsvRecords.table(((CsvRecords.Text.Decoded) decoded).text(),
                    (line, cells) -> Optional.ofNullable(header(cells, line, errors)), MAX_ROWS,
                    line -> errors.add(new Error(line, "", "too many lines (at most " + MAX_ROWS + ")")),
                    (line, cells, header) -> row(cells, header, line, org, ids, errors).ifPresent(people::add));
            if (end == CsvRecords.TableEnd.HEADER_REFUSED) {
                return new Result.Invalid(errors);
            }
            if (end == CsvRecords.TableEnd.NO_HEADER) {
                errors.add(new Error(1, "", "header line required: " + String.join(",", COLUMNS)));
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            errors.add(new Error(line, "", "malformed CSV: " + e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            errors.add(new Error(0, "", "malformed CSV: " + e.getMessage()));
        }
        return errors.isEmpty() ? new Result.Parsed(people) : new Result.Invalid(errors);
    }

    private static Map<String, Integer> header(List<String> cells, int line, List<Error> errors) {
        Map<String, Integer> h = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String name = ALIASES.getOrDefault(cells.get(i).strip().toLowerCase(Locale.ROOT),
                    cells.get(i).strip().toLowerCase(Locale.ROOT));
            if (!COLUMNS.contains(name)) {
                errors.add(new Error(line, printable(name), "unknown column (columns: " + String.join(",", COLUMNS) + ")"));
            } else if (h.put(name, i) != null) {
                errors.add(new Error(line, name, "column given twice"));
            }
        }
        for (String c : List.of("id", "name", "role")) {
            if (!h.containsKey(c)) {
                errors.add(new Error(line, c, "required column missing (header line required: " + String.join(",", COLUMNS) + ")"));
            }
        }
        return errors.isEmpty() ? h : null;
    }

    private static String printable(String s) {
        String t = s.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }

    private static Optional<Org.Person> row(List<String> cells, Map<String, Integer> header, int line, Org org,
                                            Set<String> ids, List<Error> errors) {
        int before = errors.size();
        if (cells.size() > header.size()) {
            errors.add(new Error(line, "", "more fields (" + cells.size() + ") than the header has (" + header.size() + ")"));
        }
        Map<String, String> v = new HashMap<>();
        Set<String> flagged = new HashSet<>();
        for (String c : COLUMNS) {
            Integer i = header.get(c);
            String s = i == null || i >= cells.size() ? "" : cells.get(i).strip();
            if (s.codePoints().anyMatch(Character::isISOControl)) {
                errors.add(new Error(line, c, "control character not allowed"));
                flagged.add(c);
                s = "";
            } else if (s.length() > MAX.get(c)) {
                errors.add(new Error(line, c, "too long (" + s.length() + " characters, at most " + MAX.get(c) + ")"));
                flagged.add(c);
                s = "";
            }
            v.put(c, s);
        }
        String id = v.get("id");
        if (id.isEmpty() && !flagged.contains("id")) {
            errors.add(new Error(line, "id", "required"));
        } else if (!id.isEmpty() && !ids.add(id)) {
            errors.add(new Error(line, "id", "duplicate id " + id + " in this file"));
        }
        if (v.get("name").isEmpty() && !flagged.contains("name")) {
            errors.add(new Error(line, "name", "required"));
        }
        Role role = null;
        if (v.get("role").isEmpty()) {
            if (!flagged.contains("role")) {
                errors.add(new Error(line, "role", "required"));
            }
        } else {
            try {
                role = Role.parse(v.get("role"));
                if (role == Role.SYSTEM) {
                    errors.add(new Error(line, "role", "role system is reserved"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new Error(line, "role", e.getMessage()));
            }
        }
        Optional<String> department = opt(v.get("department"));
        department.filter(d -> org.department(d).isEmpty())
                .ifPresent(d -> errors.add(new Error(line, "department", "unknown department " + d)));
        Optional<String> community = opt(v.get("community"));
        community.filter(c -> org.community(c).isEmpty())
                .ifPresent(c -> errors.add(new Error(line, "community", "unknown community " + c)));
        Optional<String> grid = opt(v.get("grid"));
        if (grid.isPresent()) {
            boolean known = org.communities().stream()
                    .filter(c -> community.isEmpty() || c.code().equals(community.get()))
                    .anyMatch(c -> c.grids().stream().anyMatch(g -> g.code().equals(grid.get())));
            if (!known) {
                errors.add(new Error(line, "grid", "unknown grid " + grid.get() + community.map(c -> " in community " + c).orElse("")));
            }
        }
        Optional<String> branch = opt(v.get("branch"));
        branch.filter(b -> org.branch(b).isEmpty())
                .ifPresent(b -> errors.add(new Error(line, "branch", "unknown branch " + b)));
        if (role != null && role.partyMember() && branch.isEmpty()) {
            errors.add(new Error(line, "branch", "required for role " + role.name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (role == Role.DEPARTMENT_STAFF && department.isEmpty()) {
            errors.add(new Error(line, "department", "required for role department_staff"));
        }
        Optional<Org.Notify> notify = Optional.empty();
        String ch = v.get("notify_channel");
        String acc = v.get("notify_account");
        String rec = v.get("notify_recipient");
        if (!ch.isEmpty() || !acc.isEmpty() || !rec.isEmpty()) {
            if (ch.isEmpty() || acc.isEmpty() || rec.isEmpty()) {
                String missing = ch.isEmpty() ? "notify_channel" : acc.isEmpty() ? "notify_account" : "notify_recipient";
                errors.add(new Error(line, missing, "notify_channel, notify_account and notify_recipient go together"));
            } else if (!Org.Notify.CHANNELS.contains(ch)) {
                errors.add(new Error(line, "notify_channel", "unknown channel " + ch + " (" + String.join(", ", Org.Notify.CHANNELS) + ")"));
            } else {
                notify = Optional.of(new Org.Notify(ch, acc, rec));
            }
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Org.Person(id, v.get("name"), role, department, community, grid, v.get("phone"), notify,
                branch, Optional.empty()));
    }

    private static Optional<String> opt(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
