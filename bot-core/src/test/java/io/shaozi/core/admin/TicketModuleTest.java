package io.shaozi.core.admin;

import io.shaozi.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.shaozi.core.http.Router;
import io.shaozi.core.store.TestDatabases;
import io.shaozi.core.ticket.Action;
import io.shaozi.core.ticket.Actor;
import io.shaozi.core.ticket.Fixtures;
import io.shaozi.core.ticket.OpenRequest;
import io.shaozi.core.ticket.Outcome;
import io.shaozi.nlp.Rating;
import io.shaozi.core.dialog.ResidentNotifier;
import io.shaozi.core.ticket.Ticket;
import io.shaozi.nlp.Urgency;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The wiring the app uses, from a resident's message to the resident's notices in the outbox. */
class TicketModuleTest {
    @Test
    void residentMessageToRatedTicketWithNotices() throws Exception {
        try (TestDatabases.Handle h = TestDatabases.h2()) {
            MutableClock clock = MutableClock.atBeijing("2026-11-30T10:00");
            TicketModule m = TicketModule.create(h.db(), clock, TicketModule.Files.in(Path.of("..", "config")),
                    dir -> new ResidentNotifier(dir::name, clock, io.shaozi.adapters.channel.ChannelRegistry.builtIn()),
                    Optional.empty(), "op", "test-node");
            assertThat(m.warnings()).anyMatch(w -> w.contains("2027"));
            Router router = new Router();
            m.routes(router);
            assertThat(router.routes()).extracting(Router.Route::pattern).contains("/api/tickets", "/api/tickets/{number}/actions",
                    "/api/metrics", "/api/export.csv");
            OpenRequest req = new OpenRequest(Fixtures.RESIDENT, "韶九胡同有人深夜施工扰民", "城乡建设", Optional.of("施工扰民"),
                    Urgency.URGENT, "韶九胡同3号", Optional.empty(), List.of("media:night"), Optional.of("wechat:sz:m1"));
            Ticket t = m.service().open(req, Fixtures.RESIDENT_ACTOR);
            assertThat(t.department()).contains("qu-zjw");
            Actor zjw = Fixtures.ZJW;
            assertThat(m.service().act(t.number(), new Action.Accept(""), zjw, OptionalInt.empty())).isInstanceOf(Outcome.Done.class);
            m.service().act(t.number(), new Action.Resolve("已责令停工", List.of()), zjw, OptionalInt.empty());
            assertThat(m.service().rate(t.number(), Rating.SATISFIED, "", Fixtures.RESIDENT_ACTOR)).isInstanceOf(Outcome.Done.class);
            List<String> toResident = new ArrayList<>();
            try (Connection c = h.db().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT payload FROM outbox WHERE recipient = ? ORDER BY id")) {
                ps.setString(1, "oUser123");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        toResident.add(rs.getString(1));
                    }
                }
            }
            // opened and rated by the resident: answered in chat; accepted and resolved by the bureau: pushed
            assertThat(toResident).hasSize(2);
            assertThat(toResident.get(0)).contains("签收").contains(t.number());
            assertThat(toResident.get(1)).contains("已办结").contains("满意");
            assertThat(m.scanner().scanOnce().ran()).isTrue();
        }
    }
}
