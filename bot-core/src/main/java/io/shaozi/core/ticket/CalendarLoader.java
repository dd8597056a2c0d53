package io.shaozi.core.ticket;

import io.shaozi.config.ConfigException;
import io.shaozi.config.ConfigNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code config/calendar/YYYY.yaml} files. Format:
 * <pre>
 * year: 2026
 * provisional: false          # true: notice not yet published, weekends only
 * source: "国务院办公厅 2025-11-04"
 * holidays:
 *   - name: "春节"
 *     dates: ["2026-02-15", ...]
 * workdays: ["2026-02-14", ...]   # 调休 make-up working days
 * </pre>
 */
public final class CalendarLoader {
    private static final Logger LOG = LoggerFactory.getLogger(CalendarLoader.class);
    /** Years shipped as classpath defaults under {@code defaults/calendar/}. */
    public static final List<Integer> SHIPPED_YEARS = List.of(2025, 2026, 2027);

    private CalendarLoader() {
    }

    /** Loaded calendar plus the warnings to log at start (provisional years). */
    public record Loaded(HolidayCalendar calendar, List<String> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    /** Every {@code *.yaml} in {@code dir}; warnings are also logged. */
    public static Loaded loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir.toString(), "", "calendar directory not found");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(dir.toString(), "", "unreadable: " + e.getMessage(), e);
        }
        List<HolidayCalendar.Year> years = new ArrayList<>();
        for (Path f : files) {
            years.add(parse(ConfigNode.read(f)));
        }
        return finish(years);
    }

    /** The shipped defaults from the classpath. */
    public static Loaded loadDefaults() {
        List<HolidayCalendar.Year> years = new ArrayList<>();
        for (int y : SHIPPED_YEARS) {
            String res = "defaults/calendar/" + y + ".yaml";
            years.add(parse(ConfigNode.resource(CalendarLoader.class, "/" + res)));
        }
        return finish(years);
    }

    /** {@code dir} when given and present, else the classpath defaults. */
    public static Loaded load(java.util.Optional<Path> dir) {
        return dir.filter(Files::isDirectory).map(CalendarLoader::loadDirectory).orElseGet(CalendarLoader::loadDefaults);
    }

    /** One file. */
    public static HolidayCalendar.Year loadFile(Path file) {
        return parse(ConfigNode.read(file));
    }

    static Loaded finish(List<HolidayCalendar.Year> years) {
        List<String> warnings = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (HolidayCalendar.Year y : years) {
            if (!seen.add(y.year())) {
                throw new ConfigException("calendar/" + y.year() + ".yaml", "year", "year " + y.year() + " defined twice");
            }
            if (y.provisional()) {
                String w = "calendar " + y.year() + " is provisional (holiday notice not published): counting weekends only;"
                        + " deadlines in " + y.year() + " are provisional";
                warnings.add(w);
                LOG.warn(w);
            }
        }
        return new Loaded(new HolidayCalendar(years), warnings);
    }

    static HolidayCalendar.Year parse(ConfigNode root) {
        ConfigNode yearNode = root.get("year");
        int year;
        try {
            year = (int) yearNode.integer(2000, 2100);
        } catch (ConfigException e) {
            throw yearNode.error("expected a year such as 2026, got '" + root.string("year", "") + "'");
        }
        boolean provisional = root.bool("provisional", false);
        Set<LocalDate> holidays = new HashSet<>();
        for (ConfigNode h : root.list("holidays")) {
            h.text("name");
            for (ConfigNode d : h.list("dates")) {
                LocalDate date = d.date();
                checkYear(d, date, year);
                holidays.add(date);
            }
        }
        Set<LocalDate> workdays = new HashSet<>();
        for (ConfigNode d : root.list("workdays")) {
            LocalDate date = d.date();
            checkYear(d, date, year);
            if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
                throw d.error("make-up working day " + date + " is not a Saturday or Sunday");
            }
            if (holidays.contains(date)) {
                throw d.error(date + " is listed both as holiday and as working day");
            }
            workdays.add(date);
        }
        if (provisional && (!holidays.isEmpty() || !workdays.isEmpty())) {
            throw root.get("provisional").error("a provisional year must not list holidays or workdays (do not guess)");
        }
        return new HolidayCalendar.Year(year, provisional, root.text("source", ""), holidays, workdays);
    }

    private static void checkYear(ConfigNode n, LocalDate date, int year) {
        // a notice may reach into the previous December, never further
        if (date.getYear() != year && !(date.getYear() == year - 1 && date.getMonthValue() == 12)) {
            throw n.error("date " + date + " does not belong to notice year " + year);
        }
    }
}
