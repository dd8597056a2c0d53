package io.shaozi.core.admin;

import io.shaozi.core.http.Router;
import io.shaozi.core.identity.Org;
import io.shaozi.core.identity.OrgLoader;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.store.Database;
import io.shaozi.core.store.LeaseLocksJdbc;
import io.shaozi.core.store.OrgJdbc;
import io.shaozi.core.store.TicketJdbc;
import io.shaozi.core.ticket.CalendarLoader;
import io.shaozi.core.ticket.EscalationScanner;
import io.shaozi.core.ticket.HolidayCalendar;
import io.shaozi.core.ticket.Locks;
import io.shaozi.core.ticket.OrgDirectory;
import io.shaozi.core.ticket.ReporterNotifier;
import io.shaozi.core.ticket.SlaPolicy;
import io.shaozi.core.ticket.StaffAlerts;
import io.shaozi.core.ticket.TicketMachine;
import io.shaozi.core.ticket.TicketService;
import io.shaozi.core.ticket.WorkingTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Wiring of the ticket subsystem for the app: configuration (from {@code configDir} when present, else the
 * classpath defaults), stores, service, scanner and admin API.
 *
 * <pre>
 * TicketModule tickets = TicketModule.create(db, Clock.systemUTC(), Optional.of(Path.of("config")),
 *         TextReporterNotifier::new, Optional.empty(), cfg.adminToken(), hostName);
 * tickets.warnings().forEach(log::warn);          // e.g. "calendar 2027 is provisional …"
 * tickets.routes(router);                          // /api/tickets…, /api/metrics, /api/export.csv, /api/org…
 * tickets.scanner().schedule(scheduler, Duration.ofMinutes(1));
 * TicketService service = tickets.service();       // for the dialog
 * </pre>
 */
public final class TicketModule {
    private final OrgService org;
    private final TicketService service;
    private final EscalationScanner scanner;
    private final TicketAdminApi api;
    private final List<String> warnings;

    private TicketModule(OrgService org, TicketService service, EscalationScanner scanner, TicketAdminApi api,
                         List<String> warnings) {
        this.org = org;
        this.service = service;
        this.scanner = scanner;
        this.api = api;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * @param configDir  directory holding {@code org.yaml}, {@code sla.yaml}, {@code calendar/}; each missing
     *                   piece falls back to the shipped default
     * @param reporters  builds the resident notifier from the org directory (e.g. {@code TextReporterNotifier::new})
     * @param locks      the scanner lease (Redis when configured); empty: a database lease row
     * @param node       this instance's name, for the database lease
     */
    public static TicketModule create(Database db, Clock clock, Optional<Path> configDir,
                                      Function<OrgDirectory, ReporterNotifier> reporters, Optional<Locks> locks,
                                      String adminToken, String node) {
        CalendarLoader.Loaded cal = CalendarLoader.load(configDir.map(d -> d.resolve("calendar")));
        HolidayCalendar calendar = cal.calendar();
        WorkingTime base = new WorkingTime(calendar, ZoneId.of("Asia/Shanghai"), LocalTime.of(9, 0), LocalTime.of(17, 30));
        Optional<Path> slaFile = configDir.map(d -> d.resolve("sla.yaml")).filter(Files::isRegularFile);
        SlaPolicy sla = slaFile.map(f -> SlaPolicy.load(f, base)).orElseGet(() -> SlaPolicy.loadDefault(base));
        Org seed = OrgLoader.load(configDir.map(d -> d.resolve("org.yaml")));
        OrgJdbc orgJdbc = new OrgJdbc(db);
        OrgService org = new OrgService(orgJdbc, orgJdbc, clock, seed);
        OrgDirectory directory = new OrgDirectory(org::current);
        TicketMachine machine = new TicketMachine(sla, directory);
        TicketService service = new TicketService(new TicketJdbc(db, clock), machine, clock, reporters.apply(directory),
                new StaffAlerts(org::current));
        EscalationScanner scanner = new EscalationScanner(service, locks.orElseGet(() -> new LeaseLocksJdbc(db, clock, node)));
        TicketAdminApi api = new TicketAdminApi(service, org, adminToken, clock);
        return new TicketModule(org, service, scanner, api, cal.warnings());
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

    public TicketAdminApi api() {
        return api;
    }

    /** Start-up warnings to log (provisional calendar years). */
    public List<String> warnings() {
        return warnings;
    }
}
