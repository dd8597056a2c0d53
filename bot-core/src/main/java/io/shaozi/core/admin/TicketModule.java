package io.shaozi.core.admin;

import io.shaozi.core.http.Router;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.OrgLoader;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.lock.Locks;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.LeaseLocksJdbc;
import io.shaozi.core.store.OrgJdbc;
import io.shaozi.core.store.TicketJdbc;
import io.shaozi.core.ticket.CalendarLoader;
import io.shaozi.core.ticket.EscalationScanner;
import io.shaozi.core.ticket.HolidayCalendar;
import io.shaozi.core.ticket.OrgDirectory;
import io.shaozi.core.ticket.ReporterNotifier;
import io.shaozi.core.ticket.SlaPolicy;
import io.shaozi.core.ticket.StaffAlerts;
import io.shaozi.core.ticket.TicketMachine;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.WorkingTime;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the ticket subsystem for the app: configuration (from {@code configDir} when present, else the
 * classpath defaults), stores, service, scanner and admin API.
 *
 * <pre>
 * TicketModule tickets = TicketModule.create(db, clock, TicketModule.Files.in(Path.of("config")),
 *         dir -> new ResidentNotifier(dir::name, clock), Optional.empty(), cfg.adminToken(), hostName);
 * tickets.warnings().forEach(log::warn);          // e.g. "calendar 2027 is provisional …"
 * tickets.routes(router);                          // /api/tickets…, /api/metrics, /api/export.csv, /api/org…
 * jobs.recurring(EscalationScanner.JOB, Schedule.every(Duration.ofMinutes(1)), due -&gt; tickets.scanner().scanOnce());
 * TicketService service = tickets.service();       // for the dialog
 * </pre>
 */
public final class TicketModule {
    private static final Logger LOG = LoggerFactory.getLogger(TicketModule.class);
    private final OrgService org;
    private final TicketService service;
    private final EscalationScanner scanner;
    private final TicketAdminApi api;
    private final HolidayCalendar calendar;
    private final List<String> warnings;
    private final io.shaozi.core.ticket.AlertLadder alerts;

    private TicketModule(OrgService org, TicketService service, EscalationScanner scanner, TicketAdminApi api,
                         HolidayCalendar calendar, List<String> warnings, io.shaozi.core.ticket.AlertLadder alerts) {
        this.alerts = alerts;
        this.org = org;
        this.service = service;
        this.scanner = scanner;
        this.api = api;
        this.calendar = calendar;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Where the ticket configuration comes from; an empty path means the shipped default (classpath).
     *
     * @param workdayStart start of office hours (Beijing time) on working days
     * @param workdayEnd   end of office hours
     * @param consoleUrl   the web console's URL for buttons in staff alert cards; empty: plain text alerts
     */
    public record Files(Optional<Path> org, Optional<Path> sla, Optional<Path> calendarDir, LocalTime workdayStart,
                        LocalTime workdayEnd, String consoleUrl) {
        /** {@code org.yaml}, {@code sla.yaml} and {@code calendar/} inside {@code dir}, office hours 09:00–17:30. */
        public static Files in(Path dir) {
            return new Files(Optional.of(dir.resolve("org.yaml")), Optional.of(dir.resolve("sla.yaml")),
                    Optional.of(dir.resolve("calendar")), LocalTime.of(9, 0), LocalTime.of(17, 30), "");
        }
    }

    /**
     * @param files      organisation, SLA and calendar files and office hours
     * @param reporters  builds the resident notifier from the org directory
     * @param locks      the scanner lease (local, Redis or database, as the deployment shares state); empty: a
     *                   database lease row
     * @param node       this instance's name, for the database lease
     */
    public static TicketModule create(Database db, Clock clock, Files files,
                                      Function<OrgDirectory, ReporterNotifier> reporters, Optional<Locks> locks,
                                      String adminToken, String node) {
        return create(db, clock, files, reporters, locks, adminToken, node,
                io.shaozi.core.ticket.AlertPolicy.defaults());
    }

    /** As above, with the alert ladder's policy ({@code alerts} in shaozi.yaml). */
    public static TicketModule create(Database db, Clock clock, Files files,
                                      Function<OrgDirectory, ReporterNotifier> reporters, Optional<Locks> locks,
                                      String adminToken, String node, io.shaozi.core.ticket.AlertPolicy alertPolicy) {
        return create(db, clock, files, reporters, locks, adminToken, node, alertPolicy,
                io.shaozi.core.ticket.AlertReach.ALL);
    }

    /**
     * As above; {@code reach}: which alert addresses can be sent to as configured (the others are left out and named
     * on the ticket's timeline as not sent).
     */
    public static TicketModule create(Database db, Clock clock, Files files,
                                      Function<OrgDirectory, ReporterNotifier> reporters, Optional<Locks> locks,
                                      String adminToken, String node, io.shaozi.core.ticket.AlertPolicy alertPolicy,
                                      io.shaozi.core.ticket.AlertReach reach) {
        CalendarLoader.Loaded cal = CalendarLoader.load(files.calendarDir());
        HolidayCalendar calendar = cal.calendar();
        WorkingTime base = new WorkingTime(calendar, ZoneId.of("Asia/Shanghai"), files.workdayStart(), files.workdayEnd());
        SlaPolicy sla = files.sla().filter(java.nio.file.Files::isRegularFile).map(f -> SlaPolicy.load(f, base))
                .orElseGet(() -> SlaPolicy.loadDefault(base));
        Org seed = OrgLoader.load(files.org());
        OrgJdbc orgJdbc = new OrgJdbc(db);
        OrgService org = new OrgService(orgJdbc, orgJdbc, clock, seed);
        OrgDirectory directory = new OrgDirectory(org::current);
        TicketMachine machine = new TicketMachine(sla, directory);
        TicketJdbc tickets = new TicketJdbc(db, clock);
        if (tickets.textIndexPending()) {
            // tickets opened before the text index (V13): index them in the background; until then q scans
            Thread backfill = new Thread(() -> {
                try {
                    LOG.info("ticket text index: backfilling");
                    LOG.info("ticket text index: {} tickets indexed", tickets.indexText());
                } catch (RuntimeException e) {
                    LOG.warn("ticket text index backfill failed (retried at the next start; q scans meanwhile)", e);
                }
            }, "ticket-text-index");
            backfill.setDaemon(true);
            backfill.start();
        }
        io.shaozi.core.identity.DutyRoster roster = OrgLoader.roster(files.org(), seed);
        StaffAlerts staff = new StaffAlerts(org::current, files.consoleUrl(), reach);
        io.shaozi.core.ticket.AlertNotifier ladderSends = new io.shaozi.core.ticket.AlertNotifier(org::current,
                () -> alertPolicy, () -> roster, files.consoleUrl(), reach);
        TicketService service = new TicketService(tickets, machine, clock, reporters.apply(directory),
                (t, events, outbox) -> {
                    staff.changed(t, events, outbox);
                    ladderSends.changed(t, events, outbox);
                });
        Locks lease = locks.orElseGet(() -> new LeaseLocksJdbc(db, clock, node));
        EscalationScanner scanner = new EscalationScanner(service, lease);
        io.shaozi.core.ticket.AlertLadder alerts = new io.shaozi.core.ticket.AlertLadder(service, org::current,
                () -> alertPolicy, () -> roster, new io.shaozi.core.store.AlertSmsJdbc(db.dataSource()), lease, reach);
        TicketAdminApi api = new TicketAdminApi(service, org, adminToken, clock, Optional.of(alerts),
                new io.shaozi.core.store.CategoryCorrectionJdbc(db.dataSource()));
        return new TicketModule(org, service, scanner, api, calendar, cal.warnings(), alerts);
    }

    public void routes(Router router) {
        api.routes(router);
    }

    public TicketService service() {
        return service;
    }

    public OrgService org() {
        return org;
    }

    public EscalationScanner scanner() {
        return scanner;
    }

    /** The alert ladder (register {@code alerts().scanOnce()} as the recurring job {@code AlertLadder.JOB}). */
    public io.shaozi.core.ticket.AlertLadder alerts() {
        return alerts;
    }

    public TicketAdminApi api() {
        return api;
    }

    /** The holiday calendar in force (the calendar files, or the shipped years). */
    public HolidayCalendar calendar() {
        return calendar;
    }

    /** Start-up warnings to log (provisional calendar years). */
    public List<String> warnings() {
        return warnings;
    }
}
