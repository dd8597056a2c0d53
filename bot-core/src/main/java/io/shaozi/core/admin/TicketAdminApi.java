package io.shaozi.core.admin;

import io.shaozi.core.http.Router;
import io.shaozi.core.identity.OrgService;
import io.shaozi.core.ticket.Directory;
import io.shaozi.core.ticket.OrgDirectory;
import io.shaozi.core.ticket.TicketService;
import java.time.Clock;

/**
 * The ticket and organisation admin API (JSON, bearer tokens): tickets ({@link TicketsApi}), metrics and CSV export
 * ({@link MetricsApi}) and the organisation ({@link OrgApi}), all authenticated by one {@link AdminAuth} and read
 * through one input gate ({@link AdminInput}). Register with {@link #routes(Router)}:
 * <pre>
 * new TicketAdminApi(ticketService, orgService, config.adminToken(), clock).routes(router);
 * </pre>
 */
public final class TicketAdminApi {
    private final AdminAuth auth;
    private final TicketsApi tickets;
    private final MetricsApi metrics;
    private final OrgApi org;
    private final java.util.Optional<AlertsApi> alerts;

    /** @param adminToken the operator token ({@code admin.token}); empty disables it */
    public TicketAdminApi(TicketService tickets, OrgService org, String adminToken, Clock clock) {
        this(tickets, org, adminToken, clock, java.util.Optional.empty(),
                io.shaozi.core.ticket.CategoryCorrections.NONE);
    }

    /**
     * @param alerts      the alert ladder: a cadre opening a ticket acknowledges its alert, and {@code /api/alerts} (the
     *                    inbox and the ack API) is served
     * @param corrections where dispatchers' category corrections are kept (training data)
     */
    public TicketAdminApi(TicketService tickets, OrgService org, String adminToken, Clock clock,
                          java.util.Optional<io.shaozi.core.ticket.AlertLadder> alerts,
                          io.shaozi.core.ticket.CategoryCorrections corrections) {
        Directory directory = new OrgDirectory(org::current);
        this.auth = new AdminAuth(org, adminToken);
        this.tickets = new TicketsApi(tickets, auth, directory, alerts.<java.util.function.BiConsumer<String,
                io.shaozi.core.ticket.Actor>>map(a -> (number, actor) -> a.ack(number, actor, "console"))
                .orElse((number, actor) -> { }), corrections);
        this.alerts = alerts.map(a -> new AlertsApi(a, tickets, auth, clock));
        this.metrics = new MetricsApi(tickets, org, auth, directory, clock);
        this.org = new OrgApi(org, auth);
    }

    /** Same as {@code new TicketAdminApi(...).routes(router)}. */
    public static void register(Router router, TicketService tickets, OrgService org, String adminToken, Clock clock) {
        new TicketAdminApi(tickets, org, adminToken, clock).routes(router);
    }

    public void routes(Router r) {
        tickets.routes(r);
        metrics.routes(r);
        org.routes(r);
        alerts.ifPresent(a -> a.routes(r));
    }

    /** The authentication every admin API shares (hand-offs too). */
    public AdminAuth auth() {
        return auth;
    }
}
